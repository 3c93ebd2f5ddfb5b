using System.Reflection;

namespace Quantize.Runtime.Tests;

/// <summary>
/// What an application that references Quantize.Runtime loads: the runtime, Core and Format, Google.Protobuf and the .NET
/// libraries, nothing else. The check walks the assemblies' references, so a package added to Format (an image decoder,
/// TorchSharp) fails it.
/// </summary>
public class RuntimeDependencyTests
{
    [Fact]
    public void Runtime_ReferencesOnlyCoreFormatProtobufAndDotNet()
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([typeof(NqzModel).Assembly]);
        var ours = new HashSet<string> { "Quantize.Runtime", "Quantize.Format", "Quantize.Core" };
        while (pending.TryDequeue(out Assembly? assembly))
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
                if (seen.Add(reference.Name!) && ours.Contains(reference.Name!))
                    pending.Enqueue(Assembly.Load(reference));

        string[] foreign = seen.Where(n => !ours.Contains(n) && n != "Google.Protobuf" && n != "netstandard" && !n.StartsWith("System", StringComparison.Ordinal)).ToArray();
        Assert.Empty(foreign);
        Assert.Contains("Quantize.Format", seen);
        Assert.Contains("Google.Protobuf", seen);
    }
}
