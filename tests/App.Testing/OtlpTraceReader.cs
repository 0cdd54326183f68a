using System.Text;

namespace App.Testing;

/// <summary>
/// Reads the few fields the tests need from an OTLP ExportTraceServiceRequest in protobuf wire format (no protobuf package
/// in the feed): resource_spans(1) { resource(1) { attributes(1) }, scope_spans(2) { spans(2) { trace_id(1), span_id(2),
/// parent_span_id(4), name(5), attributes(9) } } }; attribute values that are strings, integers or booleans.
/// </summary>
public static class OtlpTraceReader
{
    public static IEnumerable<ReceivedSpan> Read(ReadOnlyMemory<byte> request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1))
        {
            var fields = Fields(resourceSpans.Bytes).ToList();
            var service = fields.Where(f => f.Number == 1).Select(f => ServiceName(f.Bytes)).FirstOrDefault() ?? "";
            foreach (var scopeSpans in fields.Where(f => f.Number == 2))
            {
                foreach (var span in Fields(scopeSpans.Bytes).Where(f => f.Number == 2))
                {
                    var spanFields = Fields(span.Bytes).ToList();
                    yield return new ReceivedSpan(
                        service,
                        Hex(spanFields, 1),
                        Hex(spanFields, 2),
                        Hex(spanFields, 4),
                        Encoding.UTF8.GetString(spanFields.FirstOrDefault(f => f.Number == 5).Bytes.Span),
                        spanFields.Where(f => f.Number == 9).Select(f => Attribute(f.Bytes)).Where(a => a.Value is not null)
                            .GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Last().Value!));
                }
            }
        }
    }

    private static string? ServiceName(ReadOnlyMemory<byte> resource) =>
        Fields(resource).Where(f => f.Number == 1).Select(f => Attribute(f.Bytes))
            .FirstOrDefault(a => a.Key == "service.name").Value;

    /// <summary>A KeyValue { key(1), value(2): AnyValue { string(1), bool(2), int(3) } }; other value kinds read as null.</summary>
    private static (string Key, string? Value) Attribute(ReadOnlyMemory<byte> keyValue)
    {
        var fields = Fields(keyValue).ToList();
        var key = Encoding.UTF8.GetString(fields.FirstOrDefault(f => f.Number == 1).Bytes.Span);
        var value = fields.Where(f => f.Number == 2).SelectMany(f => Fields(f.Bytes)).FirstOrDefault();
        return (key, value.Number switch
        {
            1 => Encoding.UTF8.GetString(value.Bytes.Span),
            2 => value.Varint != 0 ? "true" : "false",
            3 => ((long)value.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        });
    }

    private static string Hex(List<Field> fields, int number) =>
        Convert.ToHexStringLower(fields.FirstOrDefault(f => f.Number == number).Bytes.Span);

    private readonly record struct Field(int Number, ReadOnlyMemory<byte> Bytes, ulong Varint = 0);

    private static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message.Span, ref position);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    yield return new Field(number, ReadOnlyMemory<byte>.Empty, Varint(message.Span, ref position));
                    break;
                case 1:
                    yield return new Field(number, message.Slice(position, 8));
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message.Span, ref position);
                    yield return new Field(number, message.Slice(position, length));
                    position += length;
                    break;
                case 5:
                    yield return new Field(number, message.Slice(position, 4));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported wire type {tag & 7}");
            }
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
