namespace Quantize.Format.Container;

/// <summary>A file that is not a valid .nqz container; the message is meant for the user as it is.</summary>
public sealed class NqzFormatException(string message, Exception? inner = null) : Exception(message, inner);
