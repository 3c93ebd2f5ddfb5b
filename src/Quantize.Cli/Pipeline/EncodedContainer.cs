using Quantize.Cli.Reports;
using Quantize.Format.Container.Proto;
using Quantize.Format.Container;

namespace Quantize.Cli.Pipeline;

/// <summary>A container body and its encoded bytes (signature and checksum added when written: <see cref="NqzFile.WriteTo"/>).</summary>
public sealed record EncodedContainer(NqzBody Body, byte[] Encoded)
{
    /// <summary>The length of the file these bytes make.</summary>
    public long FileLength => NqzFile.FileLength(Encoded);

    /// <summary>What splitting the indices into coding groups did; null when it was not tried.</summary>
    public CodingGroupsReport? CodingGroups { get; init; }
}
