package dev.unrip.dlq;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Bytes as an operator reads them: UTF-8 text when they are, else base64; reasons grouped; times. */
final class Texts {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    static final int REASON_GROUP_MAX = 80;

    private Texts() {}

    /** The bytes as UTF-8, when they are valid UTF-8 (strictly: no replacement characters). */
    static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Text an operator can read on a terminal: UTF-8 without control characters (tab and newlines allowed). */
    static Optional<String> printable(byte[] bytes) {
        return utf8(bytes)
                .filter(s ->
                        s.chars().noneMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r'));
    }

    /**
     * A header value or a key: its text, or {@code base64:...} when it is not printable UTF-8 (4 or 8
     * such bytes also read as the big-endian integer Kafka's serializers write for an int or a long).
     */
    static String value(byte[] bytes) {
        if (bytes == null) {
            return "(null)";
        }
        Optional<String> text = printable(bytes);
        if (text.isPresent()) {
            return text.get();
        }
        String shown = "base64:" + Base64.getEncoder().encodeToString(bytes);
        if (bytes.length == 4) {
            return shown + " (as an int: " + ByteBuffer.wrap(bytes).getInt() + ")";
        }
        if (bytes.length == 8) {
            return shown + " (as a long: " + ByteBuffer.wrap(bytes).getLong() + ")";
        }
        return shown;
    }

    /** The last header of that name as UTF-8 text, or null when the record has none. */
    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * Similar reasons together: the first line, cut at its first ':' ({@code oversized: frame of 600000
     * bytes ...} → {@code oversized}; {@code unclassified relay frame: not JSON ...} → {@code
     * unclassified relay frame}), at most {@value #REASON_GROUP_MAX} characters. A first line that is
     * a heading (ends with ':', as the JSON validator's {@code JSON validation error with 1 errors:})
     * gives way to the line after it ({@code $.params.data.exact_amount_in: number found, string
     * expected} → {@code $.params.data.exact_amount_in}).
     */
    static String reasonGroup(String reason) {
        if (reason == null || reason.isBlank()) {
            return "(no dlq_reason)";
        }
        List<String> lines = reason.strip()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        String line = lines.get(0).endsWith(":") && lines.size() > 1 ? lines.get(1) : lines.get(0);
        int colon = line.indexOf(':');
        String group = colon > 0 ? line.substring(0, colon).strip() : line;
        return group.length() <= REASON_GROUP_MAX ? group : group.substring(0, REASON_GROUP_MAX - 1) + "…";
    }

    /** One line of a reason for a list: newlines as " | ", at most 160 characters. */
    static String oneLine(String text) {
        if (text == null) {
            return "(none)";
        }
        String line = String.join(" | ", text.strip().lines().map(String::strip).toList());
        return line.length() <= 160 ? line : line.substring(0, 159) + "…";
    }

    static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** "1 record", "3 records". */
    static String count(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    /** 5 for 5.0, 0.5 for 0.5. */
    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
