using System.Diagnostics;
using System.Globalization;

namespace Quantize.Fidelity;

/// <summary>
/// Speech, the input a voice-activity detector is made for: on noise its speech probability sits near zero, where
/// any change looks large relative to the value (results.md §9h). Sentences spoken by espeak-ng (Debian's espeak-ng)
/// in several voices and speeds, resampled from its 22,050 Hz to 16 kHz, with a little background noise so silence
/// is not digital zero; chunks taken at seeded offsets, so the same seed gives the same samples.
/// </summary>
static class SpeechAudio
{
    const int SampleRate = 16_000;

    static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Please call Stella and ask her to bring these things with her from the store.",
        "Six spoons of fresh snow peas, five thick slabs of blue cheese, and maybe a snack for her brother Bob.",
        "We also need a small plastic snake and a big toy frog for the kids.",
        "She can scoop these things into three red bags, and we will go meet her Wednesday at the train station.",
        "Turn on the lights in the kitchen and set a timer for ten minutes.",
        "What is the weather going to be like tomorrow morning?",
    ];

    static readonly string[] Voices = ["en", "en-us", "en+m3", "en+f2", "en-us+f4", "en+m7"];

    /// <summary>Streams start early enough in the recording to run this many chunks.</summary>
    public const int MaxChunks = 64;

    /// <summary>
    /// <c>[N, L]</c> chunks of speech at 16 kHz (any shape whose last axis is the chunk length): N streams, each from its
    /// own seeded place in the recording; <paramref name="chunk"/> k takes each stream's k-th chunk from there, chunks
    /// overlapping by <paramref name="context"/> samples.
    /// </summary>
    public static double[] Chunks(int[] shape, double scale, int context, Random random, string workFolder, int chunk = 0)
    {
        float[] audio = Recording(workFolder);
        int length = shape[^1], count = shape.Aggregate(1, (a, b) => a * b) / length;
        if (chunk >= MaxChunks) throw new InvalidOperationException($"speech streams run at most {MaxChunks} chunks");
        var values = new double[count * length];
        for (int n = 0; n < count; n++)
        {
            int start = random.Next(audio.Length - length * MaxChunks) + chunk * (length - context);
            double gain = scale * (0.5 + random.NextDouble());
            for (int i = 0; i < length; i++)
                values[n * length + i] = audio[start + i] * gain + 0.002 * InputFactory.Normal(random);
        }
        return values;
    }

    // Every sentence in every voice, one after the other with the pauses espeak-ng leaves, peak-normalised; cached.
    static float[] Recording(string workFolder)
    {
        string cache = Path.Combine(workFolder, "speech-16k.f32");
        if (File.Exists(cache)) return Floats(File.ReadAllBytes(cache));
        var samples = new List<float>();
        for (int i = 0; i < Sentences.Length; i++)
        {
            string voice = Voices[i % Voices.Length];
            samples.AddRange(Resample(Speak(Sentences[i], voice, 140 + 20 * (i % 4), workFolder), 22_050, SampleRate));
        }
        float peak = samples.Max(Math.Abs);
        float[] audio = samples.Select(s => s / peak).ToArray();
        var bytes = new byte[audio.Length * 4];
        Buffer.BlockCopy(audio, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(cache, bytes);
        return audio;
    }

    static float[] Speak(string text, string voice, int wordsPerMinute, string workFolder)
    {
        string wav = Path.Combine(workFolder, "speech.wav");
        var start = new ProcessStartInfo("espeak-ng") { RedirectStandardError = true };
        foreach (string arg in new[] { "-v", voice, "-s", wordsPerMinute.ToString(CultureInfo.InvariantCulture), "-w", wav, text }) start.ArgumentList.Add(arg);
        Process process;
        try { process = Process.Start(start) ?? throw new InvalidOperationException("could not start espeak-ng"); }
        catch (System.ComponentModel.Win32Exception) { throw new InvalidOperationException("speech inputs need espeak-ng: apt-get install espeak-ng"); }
        using (process)
        {
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"espeak-ng exited {process.ExitCode}: {error.Trim()}");
        }
        return Wav16(File.ReadAllBytes(wav));
    }

    // The data chunk of a 16-bit mono PCM WAV file, as floats in [-1, 1).
    static float[] Wav16(byte[] file)
    {
        for (int at = 12; at + 8 <= file.Length;)
        {
            int size = BitConverter.ToInt32(file, at + 4);
            if (file[at] == 'd' && file[at + 1] == 'a' && file[at + 2] == 't' && file[at + 3] == 'a')
            {
                size = Math.Min(size < 0 ? int.MaxValue : size, file.Length - at - 8);
                var samples = new float[size / 2];
                for (int i = 0; i < samples.Length; i++) samples[i] = BitConverter.ToInt16(file, at + 8 + 2 * i) / 32768f;
                return samples;
            }
            at += 8 + size;
        }
        throw new InvalidDataException("espeak-ng wrote a WAV file without a data chunk");
    }

    // Linear interpolation after a 3-tap average (a gentle low-pass against aliasing: 22,050 → 16,000 Hz).
    static float[] Resample(float[] source, int from, int to)
    {
        var smoothed = new float[source.Length];
        for (int i = 0; i < source.Length; i++)
            smoothed[i] = (source[Math.Max(0, i - 1)] + 2 * source[i] + source[Math.Min(source.Length - 1, i + 1)]) / 4;
        var result = new float[(int)((long)source.Length * to / from)];
        for (int i = 0; i < result.Length; i++)
        {
            double position = (double)i * from / to;
            int left = (int)position;
            double fraction = position - left;
            result[i] = (float)(smoothed[left] * (1 - fraction) + smoothed[Math.Min(left + 1, source.Length - 1)] * fraction);
        }
        return result;
    }

    static float[] Floats(byte[] bytes)
    {
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        return floats;
    }
}
