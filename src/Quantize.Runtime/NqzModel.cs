using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.SafeTensors;

namespace Quantize.Runtime;

/// <summary>
/// A compressed model read from a <c>.nqz</c> container (written by <c>quantize compress</c>), opened and checked, ready to
/// restore. Restoring runs the same decoder as <c>quantize decompress</c>: <see cref="ToOnnxBytes"/> returns, byte for byte,
/// the file that <c>quantize decompress</c> writes.
/// </summary>
/// <remarks>
/// <para>Typical use, with ONNX Runtime:</para>
/// <code>
/// NqzModel model = NqzModel.Open("lenet5.nqz");
/// using var session = new InferenceSession(model.ToOnnxBytes());
/// </code>
/// <para>
/// Opening reads the whole container into memory, checks its signature, format version and SHA-256 checksum, and validates its
/// structure (docs/format.md) before anything it declares is trusted. The restored model is built only when asked for, and
/// again on each call: an instance holds the container, never the restored model. An instance is immutable and may be used
/// from several threads at once.
/// </para>
/// <para>
/// Corrupt or hostile input ends in <see cref="InvalidContainerException"/>, whose message names the input and the problem
/// and is meant to be shown as it is.
/// </para>
/// </remarks>
public sealed class NqzModel
{
    readonly NqzBody body;
    readonly string name;

    NqzModel(NqzBody body, string name, long containerLength)
    {
        this.body = body;
        this.name = name;
        ContainerLength = containerLength;
        ParameterCount = body.Tensors.Sum(t => TensorData.ElementCount(t.Dims));
    }

    /// <summary>Opens and checks the container at <paramref name="path"/>.</summary>
    /// <param name="path">A <c>.nqz</c> file.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidContainerException">The file is not a valid container: no signature, an unsupported version,
    /// a checksum mismatch, a body that breaks the format's rules, or larger than the 2 GiB limit of a container.</exception>
    public static NqzModel Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Checked(() => new NqzModel(NqzFile.Read(path), path, new FileInfo(path).Length), path);
    }

    /// <summary>Reads and checks a container from the current position of <paramref name="stream"/> to its end.</summary>
    /// <param name="stream">A readable stream, left open; an embedded resource or a network stream will do.</param>
    /// <param name="name">How error messages name the container.</param>
    /// <exception cref="InvalidContainerException">The bytes are not a valid container (see <see cref="Open(string)"/>).</exception>
    public static NqzModel Open(Stream stream, string name = "the container stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Checked(() =>
        {
            ReadOnlyMemory<byte> bytes = NqzFile.ReadToEnd(stream, name);
            return new NqzModel(NqzFile.Parse(bytes.Span, name), name, bytes.Length);
        }, name);
    }

    /// <summary>Checks a container held in memory; the bytes are copied, not kept.</summary>
    /// <param name="bytes">The whole container.</param>
    /// <param name="name">How error messages name the container.</param>
    /// <exception cref="InvalidContainerException">The bytes are not a valid container (see <see cref="Open(string)"/>).</exception>
    public static NqzModel Open(ReadOnlySpan<byte> bytes, string name = "the container bytes")
    {
        NqzBody body;
        try
        {
            body = NqzFile.Parse(bytes, name);
        }
        catch (NqzFormatException e)
        {
            throw Invalid(e, name);
        }
        return new NqzModel(body, name, bytes.Length);
    }

    /// <summary>The tool and version that wrote the container, as it recorded them (for example <c>quantize 0.1.0</c>).</summary>
    public string Producer => body.Producer;

    /// <summary>The container format's version (docs/format.md); this library reads version 1 only.</summary>
    public int FormatVersion => (int)NqzLimits.FormatVersion;

    /// <summary>The quantization method the container records (for example <c>uniform</c>); null if it records none.</summary>
    public string? Method => string.IsNullOrEmpty(body.Settings?.Method) ? null : body.Settings.Method;

    /// <summary>The file name of the model that was compressed, as the container records it; null if it records none.</summary>
    public string? SourceModel => string.IsNullOrEmpty(body.Settings?.SourceModel) ? null : body.Settings.SourceModel;

    /// <summary>How many tensors the container holds quantized (the other tensors travel exactly, inside the model's graph).</summary>
    public int QuantizedTensorCount => body.Tensors.Count;

    /// <summary>The elements of the quantized tensors, pruned ones included: the parameters the container restores.</summary>
    public long ParameterCount { get; }

    /// <summary>The size of the container in bytes.</summary>
    public long ContainerLength { get; }

    /// <summary>
    /// The quantized parameters stored as float32 over the whole container: 4 × <see cref="ParameterCount"/> /
    /// <see cref="ContainerLength"/>. It counts the graph and the exactly kept tensors against the container, so it is a
    /// little below the ratio <c>quantize compress</c> reports, which counts the coded weights alone (eq. 1 of the paper).
    /// </summary>
    public double CompressionRatio => ContainerLength == 0 ? 0 : 4.0 * ParameterCount / ContainerLength;

    /// <summary>
    /// Decodes every coded index and position without building the model, and checks that they account for exactly the
    /// tensors the model lists: what restoring would check, at a fraction of its memory. <see cref="Open(string)"/> has
    /// already checked the checksum and the structure; call this to reject a damaged index stream before it is needed.
    /// </summary>
    /// <exception cref="InvalidContainerException">A stream does not decode or does not match its tensors.</exception>
    public void Verify() => Checked(() => NqzDecoder.Verify(body, name));

    /// <summary>
    /// Restores the ONNX model: the source graph with every quantized weight set to its shared value, in its stored type.
    /// The bytes are those <c>quantize decompress</c> writes, ready for <c>new InferenceSession(bytes)</c>.
    /// </summary>
    /// <exception cref="InvalidContainerException">An index stream or the model inside is damaged.</exception>
    /// <exception cref="NotSupportedException">The restored model would pass 2 GiB, the limit of one ONNX protobuf message.</exception>
    public byte[] ToOnnxBytes() => Restored(OnnxModelFile.ToBytes);

    /// <summary>Restores the ONNX model as <see cref="ToOnnxBytes"/> does and writes it to <paramref name="destination"/> (left open).</summary>
    /// <exception cref="InvalidContainerException">An index stream or the model inside is damaged.</exception>
    /// <exception cref="NotSupportedException">The restored model would pass 2 GiB, the limit of one ONNX protobuf message.</exception>
    public void WriteOnnx(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Restored(model =>
        {
            OnnxModelFile.WriteTo(model, destination);
            return 0;
        });
    }

    /// <summary>Whether the container was made from a safetensors model: it then restores to safetensors files
    /// (<see cref="WriteSafeTensors(Stream)"/>); <see cref="ToOnnxBytes"/> gives its tensors as an ONNX model without nodes.</summary>
    public bool IsSafeTensors => SafeTensorsRestore.Holds(body);

    /// <summary>The files of the safetensors model, in order (the shards, then the index json where there is one); empty for an
    /// ONNX model.</summary>
    public IReadOnlyList<string> SafeTensorsFiles => IsSafeTensors ? Checked(() => SafeTensorsRestore.Open(body, name)).FileNames : [];

    /// <summary>
    /// Restores a single-file safetensors model: the same header (names, dtypes, shapes, <c>__metadata__</c>) byte for byte,
    /// every weight holding its shared value rounded to its type, every other tensor its original bytes; the file
    /// <c>quantize decompress</c> writes. Written to <paramref name="destination"/> (left open).
    /// </summary>
    /// <exception cref="InvalidContainerException">The container holds an ONNX model, a sharded model (use
    /// <see cref="WriteSafeTensors(string, Stream)"/>), or is damaged.</exception>
    public void WriteSafeTensors(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Checked(() => SafeTensorsRestore.Write(body, destination, name));
    }

    /// <summary>Restores one file of a (sharded) safetensors model, <paramref name="fileName"/> one of <see cref="SafeTensorsFiles"/>.</summary>
    /// <exception cref="ArgumentException">The model has no file of that name.</exception>
    /// <exception cref="InvalidContainerException">The container holds an ONNX model or is damaged.</exception>
    public void WriteSafeTensors(string fileName, Stream destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(destination);
        SafeTensorsRestore restore = Checked(() => SafeTensorsRestore.Open(body, name));
        restore.Write(fileName, destination);
    }

    // The restored model handed to an ONNX writer. The decoder reports a model inside that does not fit its tensors as a
    // damaged container; the writer's one complaint about a model is its size.
    T Restored<T>(Func<ModelProto, T> write)
    {
        ModelProto model = Checked(() => NqzDecoder.DecodeModel(body, name));
        try
        {
            return write(model);
        }
        catch (OnnxFormatException e)
        {
            throw new NotSupportedException(e.Message, e);
        }
    }

    // Format's exceptions stay inside this library (its assemblies are not part of the public API): a damaged container is
    // reported as this library's own type, with the decoder's message. The decoder names the input in what it finds while
    // reading and validating, not in a stream that does not decode (the tool has one input), so the name is added there.
    T Checked<T>(Func<T> read) => Checked(read, name);

    static T Checked<T>(Func<T> read, string name)
    {
        try
        {
            return read();
        }
        catch (NqzFormatException e)
        {
            throw Invalid(e, name);
        }
    }

    static InvalidContainerException Invalid(NqzFormatException e, string name) =>
        new(e.Message.Contains(name, StringComparison.Ordinal) ? e.Message : $"{name} is corrupt: {e.Message}", e);

    void Checked(Action read) => Checked(() =>
    {
        read();
        return 0;
    });
}
