using Quantize.Data.Images;
using Quantize.Data.NumPy;
using Quantize.Data.Idx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;

namespace Quantize.Torch.Data;

/// <summary>
/// Turns <c>--data DIR</c> (or none), a split and the preprocessing options into data bound to a model. A folder is
/// tried, in order, for IDX files, for train.npz/test.npz, and for train/ and test/ (or val/) class folders; with no
/// folder, Fashion-MNIST is looked for where <see cref="ImageDataset.Resolve"/> looks. The training split feeds
/// calibration, Hessians and fine-tuning; the test split only measuring: a caller asks for one split at a time.
/// </summary>
public static class ModelDataResolver
{
    public const string TrainArchive = "train.npz";
    public const string TestArchive = "test.npz";

    public static IModelData Resolve(ModelProto model, string? dataDirectory, DatasetSplit split, ImagePreprocessing? preprocessing = null, string? modelPath = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        preprocessing ??= ImagePreprocessing.Default;
        if (dataDirectory == null)
        {
            ImageDataset fallback = ImageDataset.Resolve(null, modelPath, split);
            return BindIdx(model, fallback.Load(split), fallback.Directory, preprocessing);
        }
        if (!Directory.Exists(dataDirectory)) throw new DirectoryNotFoundException($"data folder not found: {dataDirectory}");
        DataForm form = Detect(dataDirectory) ?? throw new ModelDataException(
            $"{dataDirectory} holds no data in a form we read: expected IDX files (train-images-idx3-ubyte[.gz], t10k-images-idx3-ubyte[.gz] and their labels), "
            + $"{TrainArchive} and {TestArchive}, or train/ and test/ (or val/) folders of class folders");
        return form switch
        {
            DataForm.Idx => BindIdx(model, new ImageDataset(dataDirectory).Load(split), dataDirectory, preprocessing),
            DataForm.Npz => BindNpz(model, NpzReader.Read(ArchivePath(dataDirectory, split)), ArchivePath(dataDirectory, split)),
            _ => BindImageFolder(model, ImageFolder.Scan(dataDirectory, split), preprocessing),
        };
    }

    /// <summary>The form of data a folder holds, tried in the order IDX, npz, image folder; null when none.</summary>
    public static DataForm? Detect(string directory)
    {
        var idx = new ImageDataset(directory);
        if (idx.Has(DatasetSplit.Train) || idx.Has(DatasetSplit.Test)) return DataForm.Idx;
        if (File.Exists(Path.Combine(directory, TrainArchive)) || File.Exists(Path.Combine(directory, TestArchive))) return DataForm.Npz;
        return ImageFolder.Has(directory) ? DataForm.ImageFolder : null;
    }

    /// <summary>IDX images fed to the model's image input; bit-identical to <see cref="ImageTensors"/> under the default options.</summary>
    public static ImageModelData BindIdx(ModelProto model, LabeledImages images, string directory, ImagePreprocessing? preprocessing = null)
    {
        var source = new IdxImageSource(images, directory);
        DeclaredValue input = ImageInput(model);
        ImageInputPlan plan = ImageInputPlan.For(input, preprocessing ?? ImagePreprocessing.Default, source, strict: true);
        return new ImageModelData(source, input.Name, plan, ImageInputPlan.FloatType(input), classes: null);
    }

    /// <summary>An image-folder split fed to the model's image input.</summary>
    public static ImageModelData BindImageFolder(ModelProto model, ImageFolderSplit split, ImagePreprocessing? preprocessing = null)
    {
        var source = new FolderImageSource(split);
        DeclaredValue input = ImageInput(model);
        ImageInputPlan plan = ImageInputPlan.For(input, preprocessing ?? ImagePreprocessing.Default, source, strict: false);
        return new ImageModelData(source, input.Name, plan, ImageInputPlan.FloatType(input), split.Classes);
    }

    /// <summary>
    /// An archive's arrays fed to the model's inputs by name: the inputs its scores read must all have arrays; other
    /// fed inputs (an exporter's label column) are fed when the archive has them.
    /// </summary>
    public static NpzModelData BindNpz(ModelProto model, IReadOnlyList<NpyArray> arrays, string file)
    {
        IReadOnlyList<ValueInfoProto> fed = ModelInputs.FedInputs(model.Graph);
        if (fed.Count == 0) throw new ModelDataException("the model has no input to feed (every graph input is an initializer)");
        GraphInterface scores = GraphInterface.Of(model.Graph);
        List<DeclaredValue> all = fed.Select(DeclaredValue.Of).ToList();
        List<DeclaredValue> required = scores.ScoreInputs.Count > 0 ? all.Where(i => scores.ScoreInputs.Contains(i.Name)).ToList() : all;
        return NpzModelData.Bind(file, arrays, required, all);
    }

    static string ArchivePath(string directory, DatasetSplit split)
    {
        string name = split == DatasetSplit.Train ? TrainArchive : TestArchive;
        string path = Path.Combine(directory, name);
        if (File.Exists(path)) return path;
        string other = split == DatasetSplit.Train ? TestArchive : TrainArchive;
        throw new ModelDataException($"{directory} has {other} but no {name} (the {split.ToString().ToLowerInvariant()} split)");
    }

    // The input the scores read, as today's single-input executor feeds it.
    static DeclaredValue ImageInput(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        IReadOnlyList<ValueInfoProto> fed = ModelInputs.FedInputs(model.Graph);
        if (fed.Count == 0) throw new ModelDataException("the model has no input to feed (every graph input is an initializer)");
        GraphInterface scores = GraphInterface.Of(model.Graph);
        if (scores.ScoreInputs.Count > 1)
            throw new ModelDataException(
                $"model output '{scores.ScoreOutput}' reads {scores.ScoreInputs.Count} inputs ({string.Join(", ", scores.ScoreInputs.Select(i => $"'{i}'"))}); "
                + $"IDX files and image folders feed a single image input (give {TrainArchive} and {TestArchive} with one array per input)");
        return DeclaredValue.Of(fed.FirstOrDefault(i => i.Name == scores.ImageInput) ?? fed[0]);
    }
}
