namespace Quantize.Fuzz.Targets;

/// <summary>The arrays tests/Fixtures/npy/make.py wrote with NumPy itself: real files, not our own writer's idea of them.</summary>
static class NumPyFixtures
{
    public static IEnumerable<Seed> Files(string repositoryRoot, string pattern, string[] stems)
    {
        string folder = Path.Combine(repositoryRoot, "tests", "Fixtures", "npy");
        string extension = pattern.TrimStart('*');
        foreach (string stem in stems)
            yield return new Seed(stem + extension, File.ReadAllBytes(Path.Combine(folder, stem + extension)));
    }
}
