namespace Quantize.Data.Images;

/// <summary>A preprocessing option the user gave that cannot be used; the one-line message names the option.</summary>
public sealed class ImagePreprocessingException(string message) : Exception(message);
