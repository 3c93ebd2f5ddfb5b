namespace Quantize.Fuzz.Targets;

/// <summary>The targets, in the order <c>fuzz/run.sh --list</c> prints them.</summary>
static class AllTargets
{
    public static IReadOnlyList<FuzzTarget> List { get; } =
    [
        new ContainerTarget(), new RestoreTarget(), new OnnxTarget(), new SafeTensorsTarget(),
        new IdxTarget(), new NpyTarget(), new NpzTarget(), new ImageTarget(),
    ];

    public static FuzzTarget? Find(string name) => List.FirstOrDefault(t => t.Name == name);
}
