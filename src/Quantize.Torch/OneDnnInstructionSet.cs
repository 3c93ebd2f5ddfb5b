using System.Runtime.InteropServices;

namespace Quantize.Torch;

/// <summary>
/// Caps the instruction set of oneDNN, the library libtorch runs CPU convolutions with, at SSE4.1 unless the user set
/// <c>ONEDNN_MAX_CPU_ISA</c> themselves. Measured on an AMD EPYC VM (oneDNN 3.7.1 in libtorch 2.10, December 2026):
/// its AVX2 and AVX-512 JIT convolutions gave the shipped LeNet-5 91.48% (2 threads), 91.36% (1 thread) and 91.50%
/// (AVX2 cap) where ONNX Runtime and SSE4.1 give 91.79%, and disagreed with ONNX Runtime's logits by over 1.0; the
/// same 10,000-image evaluation took as long either way. Correct numbers are worth more than speed we did not measure.
/// </summary>
static class OneDnnInstructionSet
{
    const string Variable = "ONEDNN_MAX_CPU_ISA";
    const string Cap = "SSE41";

    /// <summary>Call before libtorch's first convolution: oneDNN reads the variable once, from the native environment.</summary>
    public static void CapUnlessUserChose()
    {
        if (!OperatingSystem.IsLinux() || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))) return;
        // .NET's Environment.SetEnvironmentVariable does not reach the C library's environment, which oneDNN reads.
        _ = SetNativeVariable(Variable, Cap, overwrite: 0);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    static extern int SetNativeVariable([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
