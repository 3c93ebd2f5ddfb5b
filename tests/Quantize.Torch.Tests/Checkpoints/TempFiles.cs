namespace Quantize.Torch.Tests.Checkpoints;

/// <summary>A fresh folder per test, removed afterwards.</summary>
sealed class TempFiles : IDisposable
{
    public TempFiles() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "quantize-torch-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => Path.Combine(Folder, name);

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
