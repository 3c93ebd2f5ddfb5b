using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quantize.Format.SafeTensors;

/// <summary>
/// A safetensors header's JSON, read strictly, for every reader of it (a file, or the header a container keeps).
/// JsonNode reads lazily: names are decoded and duplicates met only when an object is first enumerated, which threw
/// InvalidOperationException or ArgumentException far from the parse (found by fuzzing, twice: once per reader). Both are
/// settled here, before anything is read: the header must be UTF-8, and no object may name a key twice.
/// </summary>
static class SafeTensorsJson
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="bad">Makes the reader's own exception from what is wrong.</param>
    public static JsonObject ParseObject(ReadOnlySpan<byte> json, Func<string, Exception> bad)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(json);
        }
        catch (DecoderFallbackException)
        {
            throw bad("the header is not UTF-8 text");
        }
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false })?.AsObject()
                ?? throw bad("the header is not a JSON object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw bad($"unreadable header ({e.Message})");
        }
    }
}
