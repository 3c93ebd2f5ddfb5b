using System.Runtime.InteropServices;

namespace Quantize.Torch;

/// <summary>
/// Makes libtorch's CPU results independent of its thread count, so the same inputs and seed give the same bytes with
/// --threads 1 and --threads 16. Two kernels split their sums by thread (measured on the shipped LeNet-5, December 2026,
/// 1 against 2 threads): MKL's sgemm (the Gauss–Newton Hessian differed in its last bits; MKL's strict conditional
/// numerical reproducibility, <c>MKL_CBWR=AUTO,STRICT</c>, fixes the order for any thread count) and oneDNN's gemm
/// convolution, whose weight gradients add per-thread partial sums (fine-tuned shared values differed). With oneDNN off,
/// convolutions run on libtorch's own im2col + sgemm path: test accuracy and the default container stayed identical and
/// the 10,000-image evaluation took no more CPU time (5.5 s against 6.1 s user, one thread).
/// </summary>
static class ThreadInvariantKernels
{
    const string ReproducibilityVariable = "MKL_CBWR";

    /// <summary>Call once libtorch is loaded, before its first matrix product; a user's own MKL_CBWR is kept.</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ReproducibilityVariable)))
            // .NET's Environment.SetEnvironmentVariable does not reach the C library's environment, which MKL reads.
            _ = SetNativeVariable(ReproducibilityVariable, "AUTO,STRICT", overwrite: 0);
        SetUserEnabledMkldnn(GlobalContext(), false);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    static extern int SetNativeVariable([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    // at::globalContext() and at::Context::setUserEnabledMkldnn(bool), what torch.backends.mkldnn.enabled = False calls;
    // TorchSharp does not wrap them. A member function takes its object as the first argument on x86-64 and arm64.
    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);
}
