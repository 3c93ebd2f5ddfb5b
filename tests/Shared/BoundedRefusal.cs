using Xunit;

namespace Quantize.Tests.Shared;

/// <summary>
/// The check every fuzzing finding gets (docs/fuzzing.md, "Findings"): the reader refuses the input with its typed
/// exception and a message that says what is wrong, without allocating what the few-byte file merely declares.
/// </summary>
static class BoundedRefusal
{
    // Far above what these few-byte files need, far below what they declare (hundreds of megabytes to gigabytes).
    public const long AllocationLimit = 32L << 20;

    public static void Assert<T>(Action read, string message) where T : Exception
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Xunit.Assert.Throws<T>(read);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Xunit.Assert.Contains(message, error.Message);
        Xunit.Assert.True(allocated < AllocationLimit, $"refusing the file allocated {allocated:N0} bytes");
    }
}
