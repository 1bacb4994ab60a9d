package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The intents contract's state that the simulator plays: which nonces each account has used, each
 * account's token balances, and the public keys registered per account. A nonce is consumed here,
 * at settlement, never when the relay takes a quote: several outstanding quotes may carry one
 * nonce, and only the first to settle uses it (the reference solver relies on that). Balances move
 * by the settled intent's token_diff.
 */
@ApplicationScoped
public class Chain {

    /** Every asset QuoteGenerator quotes, a thousand times more than any generated quote moves. */
    public static final String DEFAULT_BALANCES = "nep141:wrap.near=1000000000000000000000000000000000,"
            + "nep141:usdt.tether-token.near=1000000000000000,"
            + "nep141:17208628f84f5d6ad33f0da3bbbeb27ffcb398eac501a31bd6ad2011e36133a1=1000000000000000,"
            + "nep141:eth.omft.near=1000000000000000000000000,"
            + "nep245:v2_1.omni.hot.tg:56_11111111111111111111=1000000000000000000000000";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a settlement did. */
    public enum Settled {
        OK,
        NONCE_ALREADY_USED
    }

    @Inject
    SimulatorConfig config;

    private Map<String, BigInteger> initialBalances;
    private final Map<String, Set<String>> usedNonces = new HashMap<>(); // account → nonce hex
    private final Map<String, Map<String, BigInteger>> balances = new HashMap<>(); // account → token → amount
    private final Map<String, Set<String>> keys = new TreeMap<>(); // account → public keys

    @PostConstruct
    void init() {
        initialBalances = parseBalances(config.balances().orElse(DEFAULT_BALANCES));
        config.registeredKeys().ifPresent(list -> {
            for (String entry : list.split(",")) {
                String trimmed = entry.trim();
                int colon = trimmed.indexOf(':');
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (colon <= 0 || !trimmed.startsWith("ed25519:", colon + 1)) {
                    throw new IllegalArgumentException(
                            "SIM_REGISTERED_KEYS: each entry is account_id:ed25519:<base58>, not " + trimmed);
                }
                addKey(trimmed.substring(0, colon), trimmed.substring(colon + 1));
            }
        });
    }

    // Settlement

    /**
     * Settles an intent: the nonce must not be used yet by the signer account; then it is used, and
     * each token_diff entry is added to the account's balance (positive: it receives).
     */
    public synchronized Settled settle(String account, String nonceHex, Map<String, BigInteger> diff) {
        if (!usedNonces.computeIfAbsent(account, a -> new HashSet<>()).add(nonceHex)) {
            return Settled.NONCE_ALREADY_USED;
        }
        Map<String, BigInteger> held = balancesOf(account);
        diff.forEach((token, amount) -> held.merge(token, amount, BigInteger::add));
        return Settled.OK;
    }

    public synchronized boolean isNonceUsed(String account, String nonceHex) {
        return usedNonces.getOrDefault(account, Set.of()).contains(nonceHex);
    }

    // Balances

    /** The balances of the tokens, in order; 0 for a token the account never held. */
    public synchronized List<BigInteger> balances(String account, List<String> tokens) {
        Map<String, BigInteger> held = balancesOf(account);
        return tokens.stream().map(t -> held.getOrDefault(t, BigInteger.ZERO)).toList();
    }

    /** {@code {"token":"amount",...}} of an account (its starting balances if nothing settled yet). */
    public synchronized ObjectNode balancesView(String account) {
        ObjectNode out = JSON.createObjectNode();
        new TreeMap<>(balancesOf(account)).forEach((token, amount) -> out.put(token, amount.toString()));
        return out;
    }

    /** Replaces an account's balances: exactly these tokens afterwards. */
    public synchronized void setBalances(String account, Map<String, BigInteger> amounts) {
        balances.put(account, new LinkedHashMap<>(amounts));
    }

    private Map<String, BigInteger> balancesOf(String account) {
        return balances.computeIfAbsent(account, a -> new LinkedHashMap<>(initialBalances));
    }

    // Keys

    public synchronized boolean hasPublicKey(String account, String publicKey) {
        return config.anyKeyRegistered() || keys.getOrDefault(account, Set.of()).contains(publicKey);
    }

    public synchronized void addKey(String account, String publicKey) {
        keys.computeIfAbsent(account, a -> new TreeSet<>()).add(publicKey);
    }

    /** False when the key was not registered for the account. */
    public synchronized boolean removeKey(String account, String publicKey) {
        Set<String> held = keys.get(account);
        boolean removed = held != null && held.remove(publicKey);
        if (held != null && held.isEmpty()) {
            keys.remove(account);
        }
        return removed;
    }

    /** {@code {"any_key_registered":false,"keys":{"account":["ed25519:..."]}}} */
    public synchronized ObjectNode keysView() {
        ObjectNode out = JSON.createObjectNode();
        out.put("any_key_registered", config.anyKeyRegistered());
        ObjectNode byAccount = out.putObject("keys");
        keys.forEach((account, held) -> held.forEach(byAccount.putArray(account)::add));
        return out;
    }

    /** Forgets used nonces and moved balances (back to the starting ones); registered keys stay. */
    public synchronized void reset() {
        usedNonces.clear();
        balances.clear();
    }

    /** {@code token=amount,...}, amounts as decimal integers (a sign allowed). */
    static Map<String, BigInteger> parseBalances(String text) {
        Map<String, BigInteger> out = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.lastIndexOf('=');
            try {
                out.put(
                        trimmed.substring(0, eq).trim(),
                        new BigInteger(trimmed.substring(eq + 1).trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("SIM_BALANCES: each entry is token=amount, not " + trimmed);
            }
        }
        return out;
    }
}
