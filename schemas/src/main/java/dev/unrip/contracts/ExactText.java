package dev.unrip.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Strings we copy from a venue's frame (ids, asset ids) or from an envelope header are carried
 * exactly, or the record is rejected naming the field: never changed on the way.
 *
 * <p>Two things would change silently. A lone UTF-16 surrogate (a JSON {@code "\ud800"} escape is
 * valid JSON, but no UTF-8 encoder can write the char: Java's writes {@code ?}) comes out as another
 * string. A control character (U+0000–U+001F, U+007F–U+009F) survives the bytes but not a log
 * line, a header or a database key, and no venue id holds one. The first is refused everywhere we
 * copy text ({@link #requireEncodable}), the second in ids ({@link #requireId}). Each method throws
 * {@link IllegalArgumentException} with a message that names the field, the character and where it is.
 */
public final class ExactText {

    private ExactText() {}

    /** An id or asset id: encodable as UTF-8 and free of control characters. Returns the value. */
    public static String requireId(String field, String value) {
        requireEncodable(field, value);
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(field + ": holds the control character " + codePoint(value.charAt(i))
                        + " at index " + i + "; an id with a control character is not carried on");
            }
        }
        return value;
    }

    /** Any copied text: every char encodable as UTF-8 (no lone surrogate). Returns the value. */
    public static String requireEncodable(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(field + ": holds a lone UTF-16 surrogate " + codePoint(c)
                        + " at index " + i + "; it has no UTF-8 encoding, so it could not be carried on unchanged");
            }
        }
        return value;
    }

    /** Every string in a copied JSON tree (values and field names), each named by its path. */
    public static void requireEncodable(String path, JsonNode node) {
        if (node.isTextual()) {
            requireEncodable(path, node.textValue());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                requireEncodable(path + " (a field name)", field.getKey());
                requireEncodable(path + "." + field.getKey(), field.getValue());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireEncodable(path + "[" + i + "]", node.get(i));
            }
        }
    }

    /**
     * Header bytes as text, strictly: malformed UTF-8 is refused naming the header, where a plain
     * {@code new String(bytes, UTF_8)} would put U+FFFD in its place.
     */
    public static String decodeHeader(String name, byte[] bytes) {
        // The usual case, on every record: ids and times are ASCII, which decodes as it is.
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        try {
            return decodeUtf8(bytes);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("header '" + name + "': not valid UTF-8 (" + e.getMessage() + ")");
        }
    }

    /** Bytes as UTF-8 text, strictly: malformed UTF-8 throws instead of turning into U+FFFD. */
    public static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
