using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace App.Rag.Indexing;

/// <summary>
/// Terms for BM25: runs of Unicode letters and digits, lower-cased with the invariant culture, diacritics removed
/// ("Café" and "cafe" match), English stop words dropped, then a light
/// plural stemmer (Harman's S-stemmer) so that "documents" finds "document".
/// </summary>
public static class Tokenizer
{
    public static List<string> Tokenize(string text)
    {
        var terms = new List<string>();
        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var term = folded[start..i];
                if (!StopWords.Contains(term))
                {
                    terms.Add(Stem(term));
                }

                start = -1;
            }
        }

        return terms;
    }

    /// <summary>Latin letters with diacritics and their base letters, position by position (generated from Unicode's decompositions).</summary>
    private const string Accented = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳøđłħı";
    private const string Plain = "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzouaiouuuuuaagkoojgnaaaeeiioorruusthaeooooyodlhi";

    private static readonly FrozenDictionary<char, char> Folding =
        Accented.Select((c, i) => (c, Plain[i])).ToFrozenDictionary(p => p.c, p => p.Item2);

    /// <summary>
    /// Lower case without diacritics. The service runs with invariant globalization, which has no Unicode normalization
    /// data (FormD would be a no-op), so precomposed Latin letters fold through a table and combining marks are dropped.
    /// The result may differ in length from the input, so no offsets come from it.
    /// </summary>
    public static string Fold(string text)
    {
        var lower = text.ToLowerInvariant();
        var builder = new StringBuilder(lower.Length);
        foreach (var c in lower)
        {
            if (Folding.TryGetValue(c, out var plain))
            {
                builder.Append(plain);
            }
            else if (c is 'ß' or 'æ' or 'œ')
            {
                builder.Append(c switch { 'ß' => "ss", 'æ' => "ae", _ => "oe" });
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Stem(string term)
    {
        if (term.Length <= 3 || !char.IsLetter(term[^1]))
        {
            return term;
        }

        if (term.EndsWith("ies", StringComparison.Ordinal) && !term.EndsWith("eies", StringComparison.Ordinal) && !term.EndsWith("aies", StringComparison.Ordinal))
        {
            return term[..^3] + "y";
        }

        if (term.EndsWith("es", StringComparison.Ordinal) && !term.EndsWith("aes", StringComparison.Ordinal)
            && !term.EndsWith("ees", StringComparison.Ordinal) && !term.EndsWith("oes", StringComparison.Ordinal))
        {
            return term[..^1];
        }

        if (term.EndsWith('s') && !term.EndsWith("us", StringComparison.Ordinal) && !term.EndsWith("ss", StringComparison.Ordinal))
        {
            return term[..^1];
        }

        return term;
    }
}
