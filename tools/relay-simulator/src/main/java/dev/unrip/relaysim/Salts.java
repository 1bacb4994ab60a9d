package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * The intents contract's nonce salts: one current salt (view {@code current_salt}, what a solver
 * puts into its versioned nonces) and the set of salts still valid ({@code is_valid_salt}). As on
 * the contract, rotating keeps the previous salt valid unless it is invalidated, so nonces signed
 * just before a rotation still settle. Salts are 4 bytes written as 8 lowercase hex digits; they
 * come from the seed, so a seed always starts with the same salt, never {@code 00000000} (the salt
 * of a solver that never asked).
 */
@ApplicationScoped
public class Salts {

    static final Pattern HEX8 = Pattern.compile("[0-9a-f]{8}");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SimulatorConfig config;

    private SplittableRandom random;
    private String current;
    private final Set<String> valid = new LinkedHashSet<>();

    @PostConstruct
    void init() {
        random = new SplittableRandom(config.seed() ^ 0x5a175a17L);
        current = fresh();
        valid.add(current);
    }

    public synchronized String current() {
        return current;
    }

    /** Is this salt (8 hex digits, any case) one the contract accepts in a nonce? */
    public synchronized boolean isValid(String hex8) {
        return hex8 != null && valid.contains(hex8.toLowerCase());
    }

    /** A new current salt; the previous one stays valid unless {@code invalidatePrevious}. */
    public synchronized String rotate(boolean invalidatePrevious) {
        String previous = current;
        current = fresh();
        valid.add(current);
        if (invalidatePrevious) {
            valid.remove(previous);
        }
        return current;
    }

    /** Invalidates a valid salt (a new current one when it was current); false when it was not valid. */
    public synchronized boolean invalidate(String hex8) {
        String salt = hex8.toLowerCase();
        if (!valid.remove(salt)) {
            return false;
        }
        if (salt.equals(current)) {
            current = fresh();
            valid.add(current);
        }
        return true;
    }

    /** {@code {"current":"hex8","valid":["hex8",...]}}, the valid ones oldest first. */
    public synchronized ObjectNode view() {
        ObjectNode out = JSON.createObjectNode();
        out.put("current", current);
        valid.forEach(out.putArray("valid")::add);
        return out;
    }

    private String fresh() {
        String salt;
        do {
            salt = "%08x".formatted(random.nextInt());
        } while (salt.equals("00000000") || valid.contains(salt));
        return salt;
    }
}
