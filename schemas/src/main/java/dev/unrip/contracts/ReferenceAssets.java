package dev.unrip.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reference data ({@code schemas/reference/assets.yaml}, on the class path as {@code
 * reference/assets.yaml}): each venue asset id with its symbol, its decimals and the reference
 * instrument that prices it in the quote currency. Loading checks the file, so a typo fails at
 * start naming the asset and the field.
 */
public record ReferenceAssets(String quoteCurrency, Map<String, Asset> byId) {

    /**
     * One asset. {@code instrument} is empty for the quote currency itself.
     *
     * @param decimals smallest units per whole unit, as a power of ten
     */
    public record Asset(String id, String symbol, int decimals, Optional<String> instrument) {
        public boolean isQuoteCurrency() {
            return instrument.isEmpty();
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> FIELDS = Set.of("id", "symbol", "decimals", "instrument");
    private static final Pattern ASSET_ID = Pattern.compile("^nep141:[a-z0-9][a-z0-9._-]*$");
    private static final Pattern INSTRUMENT = Pattern.compile("^[A-Z0-9]+$");

    public ReferenceAssets {
        byId = Map.copyOf(byId);
    }

    /** The asset of that venue id, if the reference data has it. */
    public Optional<Asset> asset(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Loads the reference data packaged with this library. */
    public static ReferenceAssets fromClasspath() {
        try (InputStream in = ReferenceAssets.class.getResourceAsStream("/reference/assets.yaml")) {
            if (in == null) {
                throw new IllegalStateException("reference/assets.yaml is not on the class path");
            }
            return parse(in, "classpath:reference/assets.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read classpath:reference/assets.yaml: " + e.getMessage(), e);
        }
    }

    /** Parses and checks reference data; every refusal names where and what. */
    public static ReferenceAssets parse(InputStream in, String origin) throws IOException {
        JsonNode root = YAML.readTree(in);
        if (root == null || !root.isObject()) {
            throw new IllegalStateException(origin + ": not a YAML mapping");
        }
        JsonNode quote = root.path("quote_currency");
        if (!quote.isTextual() || !INSTRUMENT.matcher(quote.asText()).matches()) {
            throw new IllegalStateException(origin + ": quote_currency must be an upper-case symbol, was " + quote);
        }
        JsonNode list = root.path("assets");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalStateException(origin + " lists no assets");
        }
        Map<String, Asset> assets = new LinkedHashMap<>();
        int quoteAssets = 0;
        int index = 0;
        for (JsonNode a : list) {
            String where = origin + ": asset #" + index++;
            for (Iterator<String> fields = a.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (!FIELDS.contains(field)) {
                    throw new IllegalStateException(
                            where + " has an unknown field '" + field + "' (known: " + FIELDS + ")");
                }
            }
            String id = a.path("id").asText("");
            if (!ASSET_ID.matcher(id).matches()) {
                throw new IllegalStateException(where + ": id must be nep141:<token account>, was " + a.path("id"));
            }
            where = origin + ": asset " + id;
            String symbol = a.path("symbol").asText("");
            if (!INSTRUMENT.matcher(symbol).matches()) {
                throw new IllegalStateException(where + ": symbol must be upper-case, was " + a.path("symbol"));
            }
            JsonNode decimals = a.path("decimals");
            if (!decimals.isInt() || decimals.asInt() < 0 || decimals.asInt() > 38) {
                throw new IllegalStateException(where + ": decimals must be a whole number 0..38, was " + decimals);
            }
            Optional<String> instrument = Optional.empty();
            if (a.has("instrument")) {
                String text = a.path("instrument").asText("");
                if (!INSTRUMENT.matcher(text).matches() || !text.endsWith(quote.asText())) {
                    throw new IllegalStateException(where + ": instrument must be upper-case and priced in "
                            + quote.asText() + ", was " + a.path("instrument"));
                }
                instrument = Optional.of(text);
            } else if (!symbol.equals(quote.asText())) {
                throw new IllegalStateException(
                        where + ": only the quote currency " + quote.asText() + " may have no instrument");
            } else {
                quoteAssets++;
            }
            if (assets.put(id, new Asset(id, symbol, decimals.asInt(), instrument)) != null) {
                throw new IllegalStateException(where + " is listed twice");
            }
        }
        if (quoteAssets != 1) {
            throw new IllegalStateException(origin + ": exactly one asset must be the quote currency " + quote.asText()
                    + ", found " + quoteAssets);
        }
        return new ReferenceAssets(quote.asText(), assets);
    }
}
