namespace Quantize.Cli.Inspect;

/// <summary>The settings a container records about how it was made.</summary>
public sealed record ContainerSettings(string Method, uint RequestedClusters, string SourceModel);
