using Quantize.Tests.Shared;

namespace Quantize.Data.Tests.NumPy;

/// <summary>The arrays written by tests/Fixtures/npy/make.py and the formulas that made their values.</summary>
static class NpyFixtures
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "Fixtures", "npy");

    public static string File(string name) => Path.Combine(Folder, name);

    public static double[] Floats => Enumerable.Range(0, 24).Select(i => i * 0.5 - 3).ToArray();

    public static long[] Ints => Enumerable.Range(0, 24).Select(i => i * 1000L - 7000).ToArray();

    public static long[] Bytes => Enumerable.Range(0, 24).Select(i => i * 10L).ToArray();

    public static long[] Bools => Enumerable.Range(0, 24).Select(i => i % 3 == 0 ? 1L : 0L).ToArray();

    /// <summary>A copy of a fixture's bytes, to damage in a test.</summary>
    public static byte[] Bytes_(string name) => System.IO.File.ReadAllBytes(File(name));
}
