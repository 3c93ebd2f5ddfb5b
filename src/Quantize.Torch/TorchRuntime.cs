using TorchSharp;

namespace Quantize.Torch;

/// <summary>Thrown when libtorch cannot be loaded; the message says why in one line and what to do.</summary>
public sealed class TorchUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>Loads libtorch once, turning the loader's long trace into one actionable line.</summary>
public static class TorchRuntime
{
    static readonly Lazy<Exception?> LoadFailure = new(TryLoad);

    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure)
            throw new TorchUnavailableException(Explain(failure), failure);
    }

    static Exception? TryLoad()
    {
        try
        {
            AdaptNativeLibraryToSystem();
            OneDnnInstructionSet.CapUnlessUserChose();
            torch.InitializeDeviceType(DeviceType.CPU);
            ThreadInvariantKernels.Apply();
            using torch.Tensor probe = torch.ones(1);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or NotSupportedException or InvalidOperationException or TypeInitializationException
                                       or UnauthorizedAccessException or IOException)
        {
            return e;
        }
    }

    /// <summary>
    /// The build adapts libLibTorchSharp.so to an old libstdc++ in every output folder, but an installed
    /// copy (e.g. <c>dotnet tool install</c>) comes straight from the package; adapt it on first use.
    /// </summary>
    static void AdaptNativeLibraryToSystem()
    {
        if (!OperatingSystem.IsLinux()) return;
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
            Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"),
        ];
        foreach (string candidate in candidates)
            if (ElfVersionNeedPatcher.MissingNeeds(candidate).Count > 0)
                ElfVersionNeedPatcher.PatchFile(candidate);
    }

    static string Explain(Exception failure)
    {
        string text = failure.ToString();
        if (failure is UnauthorizedAccessException or IOException)
            return $"TorchSharp's native library needs adapting to this system's older libstdc++, but its folder is not writable ({FirstLine(failure.Message)}); run quantize once as the user who installed it";
        if (text.Contains("GLIBCXX", StringComparison.Ordinal))
            return "TorchSharp could not load: this system's libstdc++ is older than libtorch expects (GLIBCXX); " +
                   "rebuild with 'dotnet build' on this machine so the build can adapt libLibTorchSharp.so, or install a newer libstdc++6";
        return "TorchSharp could not load its native library (libtorch); build with 'dotnet build' on this machine " +
               $"so the native files are restored beside the program ({FirstLine(failure.Message)})";
    }

    static string FirstLine(string message)
    {
        string first = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message;
        return first.Length > 160 ? first[..160] + "…" : first;
    }
}
