namespace Quantize.Cli;

/// <summary>A problem with what the user asked for, found after parsing (e.g. conflicting options).</summary>
public sealed class UserInputException(string message) : Exception(message);
