package dev.unrip.nearintents.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.nearintents.chain.RpcError.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The intents contract's views the system reads (defuse: {@code current_salt}, {@code
 * is_nonce_used}, {@code has_public_key}, {@code mt_batch_balance_of}). Each return value is
 * checked against its type before it is believed: a salt is exactly 8 hex digits, a flag a JSON
 * boolean, a balance a decimal integer string, one per token asked about; anything else is
 * MALFORMED, never a default.
 */
public final class IntentsContract {

    /** The contract's current salt, read at a block. */
    public record Salt(byte[] bytes, String hex, long blockHeight) {}

    /** Balances in the order asked, with the exact answer they came from. */
    public record Balances(List<BigInteger> amounts, NearRpc.View view) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEX8 = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern AMOUNT = Pattern.compile("0|[1-9][0-9]*");

    private final NearRpc rpc;
    private final String contract;

    public IntentsContract(NearRpc rpc, String contract) {
        this.rpc = rpc;
        this.contract = contract;
    }

    /**
     * The contract over the configured endpoints (NEAR_RPC_URLS, comma-separated), metered into the
     * registry ({@link RpcMeters}); empty when none is configured.
     */
    public static Optional<IntentsContract> over(
            Optional<String> urls, Duration timeout, String finality, String contract, MeterRegistry registry) {
        return urls.map(NearRpc::urls)
                .filter(list -> !list.isEmpty())
                .map(list ->
                        new IntentsContract(new NearRpc(list, timeout, finality, new RpcMeters(registry)), contract));
    }

    public NearRpc rpc() {
        return rpc;
    }

    public String contract() {
        return contract;
    }

    public Salt currentSalt() throws RpcError {
        return salt(rpc.call(contract, "current_salt", JSON.createObjectNode()));
    }

    /** current_salt from one endpoint only (the preflight's latency per URL). */
    public Salt currentSalt(int endpoint) throws RpcError {
        return salt(rpc.attempt(endpoint, contract, "current_salt", JSON.createObjectNode()));
    }

    /** Whether an intent carrying this nonce has executed for the account (settled); not whether a quote was accepted. */
    public boolean isNonceUsed(String accountId, String nonceBase64) throws RpcError {
        ObjectNode args = JSON.createObjectNode().put("account_id", accountId).put("nonce", nonceBase64);
        return flag(rpc.call(contract, "is_nonce_used", args), "is_nonce_used");
    }

    public boolean hasPublicKey(String accountId, String publicKey) throws RpcError {
        ObjectNode args = JSON.createObjectNode().put("account_id", accountId).put("public_key", publicKey);
        return flag(rpc.call(contract, "has_public_key", args), "has_public_key");
    }

    public Balances balances(String accountId, List<String> tokenIds) throws RpcError {
        NearRpc.View view = balancesAnswer(accountId, tokenIds);
        try {
            return new Balances(amounts(view.json(), tokenIds.size(), view.endpoint()), view);
        } catch (RpcError e) {
            throw new RpcError(e.kind(), view.endpoint(), e.getMessage(), view.body());
        }
    }

    /**
     * mt_batch_balance_of's answer as the node sent it, its amounts not yet checked: what the ingest
     * keeps as evidence (normalize checks them, naming the field); {@link #balances} checks them here.
     */
    public NearRpc.View balancesAnswer(String accountId, List<String> tokenIds) throws RpcError {
        ObjectNode args = JSON.createObjectNode().put("account_id", accountId);
        tokenIds.forEach(args.putArray("token_ids")::add);
        return rpc.call(contract, "mt_batch_balance_of", args);
    }

    /** The amounts of an mt_batch_balance_of return value: one decimal integer string per token asked about. */
    public static List<BigInteger> amounts(JsonNode value, int tokens, String endpoint) throws RpcError {
        if (!value.isArray() || value.size() != tokens) {
            throw new RpcError(
                    Kind.MALFORMED, endpoint, "mt_batch_balance_of: not an array of " + tokens + " amounts: " + value);
        }
        List<BigInteger> out = new ArrayList<>(tokens);
        for (JsonNode amount : value) {
            if (!amount.isTextual() || !AMOUNT.matcher(amount.asText()).matches()) {
                throw new RpcError(
                        Kind.MALFORMED,
                        endpoint,
                        "mt_batch_balance_of: " + amount + " is not a decimal integer string");
            }
            out.add(new BigInteger(amount.asText()));
        }
        return out;
    }

    private static Salt salt(NearRpc.View view) throws RpcError {
        JsonNode value = view.json();
        if (!value.isTextual() || !HEX8.matcher(value.asText()).matches()) {
            throw new RpcError(
                    Kind.MALFORMED,
                    view.endpoint(),
                    "current_salt: " + value + " is not 4 bytes as 8 lowercase hex digits");
        }
        return new Salt(HexFormat.of().parseHex(value.asText()), value.asText(), view.blockHeight());
    }

    private static boolean flag(NearRpc.View view, String method) throws RpcError {
        JsonNode value = view.json();
        if (!value.isBoolean()) {
            throw new RpcError(Kind.MALFORMED, view.endpoint(), method + ": " + value + " is not a boolean");
        }
        return value.asBoolean();
    }
}
