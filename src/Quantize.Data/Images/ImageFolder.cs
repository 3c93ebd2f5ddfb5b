using Quantize.Data.Idx;

namespace Quantize.Data.Images;

/// <summary>
/// torchvision's ImageFolder layout: <c>DIR/train/&lt;class&gt;/…</c> and <c>DIR/test/&lt;class&gt;/…</c> (or <c>val/</c>).
/// Classes and files are listed exactly as torchvision 0.14 lists them, so labels and sample order agree with a
/// PyTorch script on the same folder: class index = position of the folder name in the sorted list of the split's
/// subfolders (ordinal, Python's string order; folders starting with a dot count, as they do there); files found
/// recursively under each class folder, folders in sorted path order and files sorted within each; only the
/// extensions torchvision accepts, case-insensitively. A class folder without any image fails, as it does there.
/// </summary>
public static class ImageFolder
{
    /// <summary>torchvision's IMG_EXTENSIONS; GIF is not among them, so .gif files are skipped as PyTorch skips them.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"];

    /// <summary>Whether the folder has train/ and test/ or val/ subfolders.</summary>
    public static bool Has(string root) =>
        Directory.Exists(Path.Combine(root, "train")) && (Directory.Exists(Path.Combine(root, "test")) || Directory.Exists(Path.Combine(root, "val")));

    /// <summary>The split's folder: train/, or test/ (val/ when there is no test/).</summary>
    public static string SplitDirectory(string root, DatasetSplit split)
    {
        if (split == DatasetSplit.Train)
        {
            string train = Path.Combine(root, "train");
            return Directory.Exists(train) ? train : throw new ImageDataException($"{root} has no train/ folder of class folders");
        }
        string test = Path.Combine(root, "test"), val = Path.Combine(root, "val");
        if (Directory.Exists(test)) return test;
        return Directory.Exists(val) ? val : throw new ImageDataException($"{root} has no test/ or val/ folder of class folders");
    }

    public static ImageFolderSplit Scan(string root, DatasetSplit split)
    {
        string directory = SplitDirectory(root, split);
        List<string> classes = Directory.EnumerateDirectories(directory).Select(d => Path.GetFileName(d)!).ToList();
        classes.Sort(StringComparer.Ordinal);
        if (classes.Count == 0) throw new ImageDataException($"{directory} has no class folders (expected {directory}/<class>/<image>)");

        var files = new List<string>();
        var labels = new List<int>();
        var empty = new List<string>();
        for (int label = 0; label < classes.Count; label++)
        {
            int before = files.Count;
            foreach (string file in FilesUnder(Path.Combine(directory, classes[label])))
            {
                files.Add(file);
                labels.Add(label);
            }
            if (files.Count == before) empty.Add(classes[label]);
        }
        if (empty.Count > 0)
            throw new ImageDataException(
                $"{directory}: no image in the class folder{(empty.Count == 1 ? "" : "s")} {string.Join(", ", empty)} (extensions read: {string.Join(" ", Extensions)})");
        return new ImageFolderSplit(directory, classes, files, labels.ToArray());
    }

    /// <summary>Whether torchvision would take the file: its name ends, in lower case, with an accepted extension.</summary>
    public static bool IsImageFile(string path) => Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    // os.walk sorted by folder path, then the folder's file names sorted; links to folders are followed (visited once).
    static IEnumerable<string> FilesUnder(string classDirectory)
    {
        var folders = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([classDirectory]);
        while (pending.TryPop(out string? folder))
        {
            string real = new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(folder);
            if (!visited.Add(real)) continue;
            folders.Add(folder);
            foreach (string sub in Directory.EnumerateDirectories(folder)) pending.Push(sub);
        }
        folders.Sort(StringComparer.Ordinal);
        foreach (string folder in folders)
        {
            List<string> names = Directory.EnumerateFiles(folder).Where(IsImageFile).ToList();
            names.Sort(StringComparer.Ordinal);
            foreach (string name in names) yield return name;
        }
    }
}
