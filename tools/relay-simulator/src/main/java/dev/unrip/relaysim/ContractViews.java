package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.unrip.nearintents.protocol.VersionedNonce;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The intents contract's view methods the solver side reads, answered from {@link Salts} and
 * {@link Chain}: {@code current_salt}, {@code is_valid_salt}, {@code is_nonce_used},
 * {@code has_public_key}, {@code mt_batch_balance_of}. Arguments and return values are JSON, as
 * near-sdk contracts take and give them; bad arguments panic the way near-sdk does.
 */
@ApplicationScoped
public class ContractViews {

    /** The views answered; any other method name is MethodNotFound. */
    public static final Set<String> METHODS =
            Set.of("current_salt", "is_valid_salt", "is_nonce_used", "has_public_key", "mt_batch_balance_of");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A contract call that failed: its text is what the VM reports inside FunctionCallError(...). */
    public static final class ContractError extends Exception {
        ContractError(String functionCallError) {
            super(functionCallError, null, false, false);
        }

        static ContractError panic(String message) {
            return new ContractError("ExecutionError(\"Smart contract panicked: " + message + "\")");
        }
    }

    @Inject
    Salts salts;

    @Inject
    Chain chain;

    /** The view's JSON return value. */
    public JsonNode call(String method, byte[] args) throws ContractError {
        if (!METHODS.contains(method)) {
            throw new ContractError("MethodResolveError(MethodNotFound)");
        }
        if (method.equals("current_salt")) {
            return TextNode.valueOf(salts.current()); // takes no arguments, reads none
        }
        JsonNode in = arguments(args);
        return switch (method) {
            case "is_valid_salt" -> BooleanNode.valueOf(salts.isValid(salt(in)));
            case "is_nonce_used" ->
                BooleanNode.valueOf(
                        chain.isNonceUsed(text(in, "account_id"), HexFormat.of().formatHex(nonce(in))));
            case "has_public_key" ->
                BooleanNode.valueOf(chain.hasPublicKey(text(in, "account_id"), text(in, "public_key")));
            default -> balances(text(in, "account_id"), tokenIds(in));
        };
    }

    private ArrayNode balances(String account, List<String> tokens) {
        ArrayNode out = JSON.createArrayNode();
        for (BigInteger amount : chain.balances(account, tokens)) {
            out.add(amount.toString()); // U128 as a decimal string, as near-sdk writes it
        }
        return out;
    }

    private static JsonNode arguments(byte[] args) throws ContractError {
        try {
            JsonNode in = JSON.readTree(args);
            if (in != null && in.isObject()) {
                return in;
            }
        } catch (IOException e) {
            // the panic below
        }
        throw deserialize("expected a JSON object of arguments");
    }

    private static String text(JsonNode in, String field) throws ContractError {
        JsonNode value = in.get(field);
        if (value == null) {
            throw deserialize("missing field `" + field + "`");
        }
        if (!value.isTextual()) {
            throw deserialize("invalid type for `" + field + "`, expected a string");
        }
        return value.asText();
    }

    private static String salt(JsonNode in) throws ContractError {
        String salt = text(in, "salt");
        if (!Salts.HEX8.matcher(salt.toLowerCase()).matches()) {
            throw deserialize("invalid value for `salt`: expected 4 bytes as 8 hex digits, got \"" + salt + "\"");
        }
        return salt;
    }

    private static byte[] nonce(JsonNode in) throws ContractError {
        String nonce = text(in, "nonce");
        try {
            return VersionedNonce.fromBase64(nonce);
        } catch (IllegalArgumentException e) {
            throw deserialize("invalid value for `nonce`: expected 32 bytes in base64, got \"" + nonce + "\"");
        }
    }

    private static List<String> tokenIds(JsonNode in) throws ContractError {
        JsonNode ids = in.get("token_ids");
        if (ids == null) {
            throw deserialize("missing field `token_ids`");
        }
        if (!ids.isArray()) {
            throw deserialize("invalid type for `token_ids`, expected a sequence");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                throw deserialize("invalid type in `token_ids`, expected a string");
            }
            out.add(id.asText());
        }
        return out;
    }

    private static ContractError deserialize(String what) {
        return ContractError.panic("Failed to deserialize input from JSON.: " + what);
    }
}
