using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Data;

/// <summary>
/// Today's labelled 28×28 images as <see cref="IModelData"/>: each batch feeds the pixels to the one input a model's
/// class scores read, in the layout that input declares (<see cref="ImageLayout"/>), so code written against the data
/// contract runs on the IDX sample as it runs on any user's data.
/// </summary>
public sealed class ImageTensorsData(ImageTensors images, string inputName, ImageLayout layout) : IModelData
{
    public string InputName { get; } = inputName;

    public int Count => images.Count;

    public bool HasLabels => true;

    /// <summary>The images bound to the model's image input, once <see cref="ModelInputs.Check"/> finds that the model takes them.</summary>
    public static ImageTensorsData For(ModelProto model, ImageTensors images)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ModelInputs.Check(model, images.Images);
        IReadOnlyList<ValueInfoProto> fed = ModelInputs.FedInputs(model.Graph);
        string? name = GraphInterface.Of(model.Graph).ImageInput;
        ValueInfoProto input = fed.FirstOrDefault(i => i.Name == name) ?? fed[0];
        return new ImageTensorsData(images, input.Name, ImageLayouts.Of(DeclaredValue.Of(input)));
    }

    public ModelBatch Batch(ReadOnlySpan<int> positions, Device? device = null)
    {
        (Tensor pixels, Tensor labels) = images.Batch(positions, device);
        return new ModelBatch(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [InputName] = layout.Apply(pixels) }, labels);
    }
}
