using Quantize.Fuzz.Targets;

namespace Quantize.Fuzz;

/// <summary>
/// Writes the committed seed corpus (fuzz/corpus/TARGET/), so that it can be remade from the repository's golden files
/// and fixtures when they change: <c>dotnet run --project fuzz/Quantize.Fuzz -- corpus . fuzz/corpus</c>.
/// </summary>
static class Corpus
{
    public static int Write(string repositoryRoot, string outputFolder, TextWriter output)
    {
        foreach (FuzzTarget target in AllTargets.List)
        {
            string folder = Path.Combine(outputFolder, target.Name);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            int count = 0;
            long bytes = 0;
            foreach (Seed seed in target.Seeds(repositoryRoot))
            {
                File.WriteAllBytes(Path.Combine(folder, seed.Name), seed.Bytes);
                count++;
                bytes += seed.Bytes.Length;
            }
            output.WriteLine($"{target.Name}: {count} seeds, {bytes:N0} bytes");
        }
        return 0;
    }
}
