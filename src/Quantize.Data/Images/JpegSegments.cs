namespace Quantize.Data.Images;

/// <summary>
/// Whether a JPEG's segments, from its start to its first scan, follow each other as the standard lays them out: each a
/// 0xFF marker (fill bytes allowed) whose length is at least 2 and stays inside the file, a frame header before the scan.
/// StbImageSharp 2.30 loops forever on some files that break this (a stray byte between two segments; found by
/// fuzzing, docs/fuzzing.md), so only files that keep it go to stb; the rest go to ImageSharp, which decodes them or
/// says why not.
/// </summary>
static class JpegSegments
{
    const byte StartOfScan = 0xDA;

    public static bool WellFormedToFirstScan(ReadOnlySpan<byte> jpeg)
    {
        bool frame = false;
        int at = 2; // after the start-of-image marker
        while (true)
        {
            if (at >= jpeg.Length || jpeg[at] != 0xFF) return false;
            while (at < jpeg.Length && jpeg[at] == 0xFF) at++;
            if (at + 2 >= jpeg.Length) return false;
            byte marker = jpeg[at++];
            // Stuffing, TEM, restart markers, SOI and EOI have no place before the first scan.
            if (marker is 0x00 or 0x01 or (>= 0xD0 and <= 0xD9)) return false;
            int length = jpeg[at] << 8 | jpeg[at + 1];
            if (length < 2 || at + length > jpeg.Length) return false;
            if (marker == StartOfScan) return frame;
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC)) frame = true; // SOF0..SOF15, not DHT, JPG, DAC
            at += length;
        }
    }
}
