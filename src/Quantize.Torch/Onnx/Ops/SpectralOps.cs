using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// The signal-processing ops of opset 17 that audio front ends (spectrogram features of wake-word and VAD models) export
/// to: DFT, STFT and the Hann, Hamming and Blackman windows. Complex values are a trailing axis of 2 (real, imaginary),
/// as ONNX has them; a real signal has a trailing axis of 1.
/// </summary>
static class SpectralOps
{
    /// <summary>
    /// The discrete Fourier transform along one signal axis (opset 17: the axis attribute, default 1; opset 20: input 2,
    /// default −2), zero-padded or cut to dft_length; inverse divides by the length, onesided keeps the first n/2 + 1 bins.
    /// </summary>
    public static Tensor DFT(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long rank = input.dim();
        long axis = node.Opset >= 20 ? (node.OptionalLongs(2) is { Length: > 0 } a ? a[0] : -2) : node.Attributes.Int("axis", 1);
        axis = Axes.Normalize(axis, rank, node);
        if (axis == rank - 1) throw node.Error("the DFT axis cannot be the trailing real/imaginary axis");
        long length = node.OptionalLongs(1) is { Length: > 0 } n ? n[0] : input.shape[axis];
        bool inverse = node.Attributes.Int("inverse", 0) != 0, onesided = node.Attributes.Int("onesided", 0) != 0;
        Tensor spectrum = inverse ? fft.ifft(Complex(node, input), length, axis) : fft.fft_(Complex(node, input), length, axis);
        if (onesided) spectrum = spectrum.narrow(axis, 0, length / 2 + 1);
        return view_as_real(spectrum);
    }

    /// <summary>
    /// Frames of frame_length (or the window's length) every frame_step samples, no padding, each multiplied by the window
    /// and transformed: [batch, frames, bins, 2], bins = frame_length / 2 + 1 when onesided (default).
    /// </summary>
    public static Tensor STFT(OnnxNode node)
    {
        Tensor signal = node.Input(0);
        if (signal.dim() != 3) throw node.Error($"signal must be [batch, length, 1 or 2], not [{string.Join(",", signal.shape)}]");
        long step = node.Longs(1).Single();
        Tensor? window = node.OptionalInput(2);
        long frameLength = node.OptionalLongs(3) is { Length: > 0 } f ? f[0] : window?.shape[0] ?? throw node.Error("needs a window or a frame_length");
        if (window is not null && window.shape[0] != frameLength) throw node.Error($"the window has {window.shape[0]} samples, frames {frameLength}");
        if (frameLength > signal.shape[1]) throw node.Error($"frames of {frameLength} do not fit a signal of {signal.shape[1]}");
        Tensor frames = Complex(node, signal).unfold(1, frameLength, step);
        if (window is not null) frames = frames.mul(window);
        Tensor spectrum = fft.fft_(frames, frameLength, -1);
        if (node.Attributes.Int("onesided", 1) != 0) spectrum = spectrum.narrow(-1, 0, frameLength / 2 + 1);
        return view_as_real(spectrum);
    }

    public static Tensor HannWindow(OnnxNode node) => Window(node, [0.5, 0.5]);

    public static Tensor HammingWindow(OnnxNode node) => Window(node, [25.0 / 46, 21.0 / 46]);

    public static Tensor BlackmanWindow(OnnxNode node) => Window(node, [0.42, 0.5, 0.08]);

    /// <summary>
    /// Σ_k (−1)^k a_k cos(2πkn/N) for n in [0, size), with N = size (periodic, default) or size − 1 (symmetric), in the
    /// output_datatype (default float).
    /// </summary>
    static Tensor Window(OnnxNode node, double[] coefficients)
    {
        long size = node.Longs(0).Single();
        bool periodic = node.Attributes.Int("periodic", 1) != 0;
        double period = periodic ? size : size - 1;
        Tensor n = arange(size, dtype: ScalarType.Float64, device: node.Device);
        Tensor window = zeros(size, ScalarType.Float64, node.Device);
        for (int k = 0; k < coefficients.Length; k++)
            window = window.add(n.mul(2 * Math.PI * k / period).cos().mul(k % 2 == 0 ? coefficients[k] : -coefficients[k]));
        return window.to_type(OnnxDataTypes.ToTorch(node.Attributes.Int("output_datatype", 1), $"{node.Description}'s output_datatype"));
    }

    // The trailing axis of 1 (real) or 2 (real, imaginary) as a complex tensor without it.
    static Tensor Complex(OnnxNode node, Tensor input) => input.shape[^1] switch
    {
        1 => complex(input.squeeze(-1), zeros_like(input.squeeze(-1))),
        2 => view_as_complex(input.contiguous()),
        long other => throw node.Error($"the trailing axis must be 1 (real) or 2 (complex), not {other}"),
    };
}
