namespace Quantize.Runtime;

/// <summary>
/// The input is not a valid <c>.nqz</c> container: no signature, a format version this library does not read, a checksum
/// that does not match, a body that breaks the format's rules (docs/format.md), a coded stream that does not decode, or more
/// than the 2 GiB a container may hold. The message names the input and the problem and is meant to be shown as it is.
/// </summary>
public sealed class InvalidContainerException : Exception
{
    /// <summary>A container that is not valid, with a message for the user and the error that found it.</summary>
    public InvalidContainerException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
