using System.Globalization;

namespace Quantize.Data.NumPy;

/// <summary>
/// The dictionary that heads a .npy file, e.g. <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>.
/// It is a Python literal; we parse only the forms NumPy writes (quoted keys, a quoted dtype, True/False, a tuple of
/// integers), so anything else — a structured dtype, an object array — is refused rather than guessed at.
/// </summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, long[] Shape)
{
    public static NpyHeader Parse(string text, Func<string, NpyFormatException> fail)
    {
        var parser = new Parser(text, fail);
        Dictionary<string, object> entries = parser.Dictionary();
        if (!entries.TryGetValue("descr", out object? descr)) throw fail("header has no 'descr'");
        if (!entries.TryGetValue("fortran_order", out object? fortran)) throw fail("header has no 'fortran_order'");
        if (!entries.TryGetValue("shape", out object? shape)) throw fail("header has no 'shape'");
        if (descr is not string dtype) throw fail("has a structured dtype, which is not supported (store one plain array per input)");
        if (fortran is not bool order) throw fail("header's 'fortran_order' is not True or False");
        if (shape is not long[] dims) throw fail("header's 'shape' is not a tuple of integers");
        return new NpyHeader(dtype, order, dims);
    }

    sealed class Parser(string text, Func<string, NpyFormatException> fail)
    {
        int at;

        public Dictionary<string, object> Dictionary()
        {
            Expect('{');
            var entries = new Dictionary<string, object>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace();
                if (Peek() == '}') { at++; break; }
                if (Peek() is not ('\'' or '"')) throw fail($"header is not a dictionary of quoted keys (at character {at})");
                string key = String();
                Expect(':');
                entries[key] = Value();
                SkipSpace();
                if (Peek() == ',') { at++; continue; }
                Expect('}');
                break;
            }
            SkipSpace();
            if (at != text.Length) throw fail($"header has text after its dictionary (at character {at})");
            return entries;
        }

        object Value()
        {
            SkipSpace();
            char c = Peek();
            if (c is '\'' or '"') return String();
            if (c == '(') return Tuple();
            if (c == '[') return Skipped(); // a structured dtype's list of fields
            if (Word("True")) return true;
            if (Word("False")) return false;
            throw fail($"header has a value it cannot read (at character {at})");
        }

        // Steps over a bracketed list (quoted brackets do not count); only its being there matters.
        object Skipped()
        {
            int depth = 0;
            char? quote = null;
            for (; at < text.Length; at++)
            {
                char c = text[at];
                if (quote != null) { if (c == quote) quote = null; continue; }
                if (c is '\'' or '"') quote = c;
                else if (c is '[' or '(') depth++;
                else if (c is ']' or ')' && --depth == 0) { at++; return new object(); }
            }
            throw fail("header has an unterminated list");
        }

        long[] Tuple()
        {
            Expect('(');
            var dims = new List<long>();
            while (true)
            {
                SkipSpace();
                if (Peek() == ')') { at++; break; }
                dims.Add(Integer());
                SkipSpace();
                if (Peek() == ',') { at++; continue; }
                Expect(')');
                break;
            }
            return dims.ToArray();
        }

        long Integer()
        {
            int start = at;
            while (at < text.Length && char.IsAsciiDigit(text[at])) at++;
            if (at == start) throw fail($"header's shape holds something other than a non-negative integer (at character {start})");
            if (!long.TryParse(text.AsSpan(start, at - start), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                throw fail("header's shape has a dimension too large");
            if (at < text.Length && text[at] is 'L' or 'l') at++; // Python 2 wrote long integers as 3L
            return value;
        }

        string String()
        {
            char quote = text[at++];
            int end = text.IndexOf(quote, at);
            if (end < 0) throw fail("header has an unterminated string");
            string value = text[at..end];
            at = end + 1;
            return value;
        }

        bool Word(string word)
        {
            if (string.CompareOrdinal(text, at, word, 0, word.Length) != 0) return false;
            at += word.Length;
            return true;
        }

        void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c) throw fail($"header is malformed: expected '{c}' at character {at}");
            at++;
        }

        char Peek() => at < text.Length ? text[at] : '\0';

        void SkipSpace()
        {
            while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
        }
    }
}
