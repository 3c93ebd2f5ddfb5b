namespace Quantize.Data.Idx;

/// <summary>
/// A folder in the MNIST / Fashion-MNIST layout: <c>train-images-idx3-ubyte[.gz]</c>,
/// <c>train-labels-idx1-ubyte[.gz]</c>, <c>t10k-images-idx3-ubyte[.gz]</c>, <c>t10k-labels-idx1-ubyte[.gz]</c>.
/// </summary>
public sealed class ImageDataset(string directory)
{
    public const string DebianFashionMnist = "/usr/share/datasets/fashion-mnist";
    public const int ClassCount = 10;

    public string Directory { get; } = directory;

    public bool Has(DatasetSplit split) => FindFile(split, "images") != null && FindFile(split, "labels") != null;

    public LabeledImages Load(DatasetSplit split)
    {
        string images = FindFile(split, "images") ?? throw Missing(split, "images");
        string labels = FindFile(split, "labels") ?? throw Missing(split, "labels");
        IdxArray imageArray = IdxReader.Read(images);
        IdxArray labelArray = IdxReader.Read(labels);
        if (imageArray.Dims.Length != 3)
            throw new IdxFormatException($"{images}: expected rank 3 (count, rows, columns), found rank {imageArray.Dims.Length}");
        if (labelArray.Dims.Length != 1)
            throw new IdxFormatException($"{labels}: expected rank 1, found rank {labelArray.Dims.Length}");
        if (imageArray.Count != labelArray.Count)
            throw new IdxFormatException($"{images} has {imageArray.Count} images but {labels} has {labelArray.Count} labels");
        foreach (byte label in labelArray.Data)
            if (label >= ClassCount) throw new IdxFormatException($"{labels}: label {label} is outside 0..{ClassCount - 1}");
        return new LabeledImages(imageArray.Data, labelArray.Data, imageArray.Dims[1], imageArray.Dims[2]);
    }

    string? FindFile(DatasetSplit split, string kind)
    {
        string prefix = split == DatasetSplit.Train ? "train" : "t10k";
        string rank = kind == "images" ? "idx3" : "idx1";
        string stem = Path.Combine(Directory, $"{prefix}-{kind}-{rank}-ubyte");
        if (File.Exists(stem + ".gz")) return stem + ".gz";
        return File.Exists(stem) ? stem : null;
    }

    FileNotFoundException Missing(DatasetSplit split, string kind) =>
        new($"no {split.ToString().ToLowerInvariant()} {kind} in {Directory} " +
            $"(expected {(split == DatasetSplit.Train ? "train" : "t10k")}-{kind}-{(kind == "images" ? "idx3" : "idx1")}-ubyte[.gz])");

    /// <summary>
    /// Where to look when the user names no folder: the Debian package first, then the copy shipped
    /// in samples/ (found beside the model file or under the working folder).
    /// </summary>
    public static ImageDataset Resolve(string? requested, string? modelPath, DatasetSplit needed)
    {
        if (requested != null)
        {
            if (!System.IO.Directory.Exists(requested)) throw new DirectoryNotFoundException($"data folder not found: {requested}");
            return new ImageDataset(requested);
        }
        var candidates = new List<string>();
        string? fromEnvironment = Environment.GetEnvironmentVariable("QUANTIZE_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment)) candidates.Add(fromEnvironment);
        candidates.Add(DebianFashionMnist);
        if (modelPath != null) candidates.Add(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, "fashion-mnist"));
        candidates.Add(Path.Combine("samples", "fashion-mnist"));
        foreach (string candidate in candidates)
        {
            var dataset = new ImageDataset(candidate);
            if (System.IO.Directory.Exists(candidate) && dataset.Has(needed)) return dataset;
        }
        throw new DirectoryNotFoundException(
            $"no Fashion-MNIST {needed.ToString().ToLowerInvariant()} data found; pass --data DIR, or install it with 'apt-get install dataset-fashion-mnist' (looked in {string.Join(", ", candidates)})");
    }
}
