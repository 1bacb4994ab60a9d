package dev.unrip.nearintents.execute;

import dev.unrip.nearintents.chain.IntentsContract;
import dev.unrip.nearintents.chain.RpcError;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What live mode must have read from the chain before it signs anything (../shared/DESIGN.md:
 * nothing is signed on data that is not verified): the intents contract's current_salt, read at
 * most near.salt.ttl-ms ago (at most 5 minutes, as the intents SDK caches it) and never one the relay
 * refused, and the signer's public key registered for the solver account (has_public_key). Read at
 * start and by the route refreshChainState; a salt the relay calls invalid is dropped at once and
 * read again. Paper mode signs with the zero salt and reads nothing.
 */
@ApplicationScoped
@Named("signingGate")
public class SigningGate {

    /**
     * Why live mode cannot sign now: kind is the metric label (salt_unread, salt_stale,
     * salt_refused, key_unregistered, key_unchecked), reason the text for results and readiness.
     */
    public record Problem(String kind, String reason) {}

    /** The command cannot be signed now (it ends the command, nothing is sent). */
    public static class NotSignable extends Exception {
        private final Problem problem;

        public NotSignable(Problem problem) {
            super(problem.reason());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    private record Known(byte[] salt, String hex, Instant readAt, long blockHeight) {}

    private static final Logger LOG = Logger.getLogger(SigningGate.class);
    static final long MAX_TTL_MS = 300_000;
    private static final byte[] PAPER_SALT = new byte[4];

    private final boolean live;
    private final Optional<IntentsContract> contract;
    private final NearConfig near;
    private final MeterRegistry registry;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile Known salt;
    private volatile Problem saltProblem = new Problem("salt_unread", "current_salt not read yet");
    private volatile Boolean keyRegistered;
    private volatile Problem keyProblem = new Problem("key_unchecked", "has_public_key not asked yet");
    private volatile String publicKey;

    @Inject
    SigningGate(ExecutorConfig config, NearConfig near, Chain chain, MeterRegistry registry) {
        this.live = "live".equals(config.mode());
        this.near = near;
        this.contract = chain.contract();
        this.registry = registry;
        if (live && contract.isEmpty()) {
            throw new IllegalStateException("live mode reads the intents contract: set NEAR_RPC_URLS (near.rpc.urls)");
        }
        if (near.salt().ttlMs() > MAX_TTL_MS || near.salt().ttlMs() <= 0) {
            throw new IllegalStateException(
                    "near.salt.ttl-ms is 1.." + MAX_TTL_MS + " (a salt is trusted at most 5 minutes), not "
                            + near.salt().ttlMs());
        }
        Gauge.builder("unrip_near_salt_age_seconds", this, g -> g.saltAgeSeconds())
                .description("age of the current_salt the executor signs with (NaN: none read, or paper mode)")
                .register(registry);
    }

    /** Called once at start with the signer's public key: the first reads, so that readiness knows at once. */
    void start(String signerPublicKey) {
        this.publicKey = signerPublicKey;
        if (live) {
            refresh();
        }
    }

    /** Route refreshChainState: reads current_salt and has_public_key again (live mode). */
    public void refresh() {
        if (!live) {
            return;
        }
        IntentsContract c = contract.orElseThrow();
        try {
            IntentsContract.Salt read = c.currentSalt();
            if (refused.contains(read.hex())) {
                saltProblem = new Problem(
                        "salt_refused",
                        "the contract names salt " + read.hex() + " current, but the relay refused it as invalid");
                salt = null;
                refreshed("refused");
            } else {
                if (salt == null || !salt.hex().equals(read.hex())) {
                    LOG.infof("current_salt %s (block %d)", read.hex(), read.blockHeight());
                }
                salt = new Known(read.bytes(), read.hex(), Instant.now(), read.blockHeight());
                saltProblem = null;
                refreshed("ok");
            }
        } catch (RpcError e) {
            saltProblem = new Problem("salt_unread", "current_salt cannot be read: " + e.getMessage());
            refreshed(e.kind().label());
            LOG.warnf("%s", saltProblem.reason());
        }
        try {
            keyRegistered = c.hasPublicKey(near.solver().accountId(), publicKey);
            keyProblem = keyRegistered
                    ? null
                    : new Problem(
                            "key_unregistered",
                            "public key " + publicKey + " is not registered for account "
                                    + near.solver().accountId() + " on " + c.contract()
                                    + " (has_public_key is false)");
            if (!keyRegistered) {
                LOG.errorf("%s", keyProblem.reason());
            }
        } catch (RpcError e) {
            // A key once seen registered stays trusted until the chain says otherwise.
            keyProblem = Boolean.TRUE.equals(keyRegistered)
                    ? null
                    : new Problem("key_unchecked", "has_public_key cannot be asked: " + e.getMessage());
        }
    }

    private void refreshed(String outcome) {
        registry.counter("unrip_near_salt_refreshes_total", "outcome", outcome).increment();
    }

    /** The salt to derive a nonce with now, or why there is none (the command is not signed). */
    public byte[] salt() throws NotSignable {
        if (!live) {
            return PAPER_SALT;
        }
        Optional<Problem> problem = problem();
        if (problem.isPresent()) {
            throw new NotSignable(problem.get());
        }
        return salt.salt().clone();
    }

    /** Why live mode cannot sign now (readiness says it too); empty when it can. */
    public Optional<Problem> problem() {
        if (!live) {
            return Optional.empty();
        }
        if (keyProblem != null) {
            return Optional.of(keyProblem);
        }
        Known s = salt;
        if (s == null) {
            return Optional.of(saltProblem);
        }
        long age = Duration.between(s.readAt(), Instant.now()).toMillis();
        if (age > near.salt().ttlMs()) {
            return Optional.of(new Problem(
                    "salt_stale",
                    "salt " + s.hex() + " was read " + age / 1000 + " s ago, beyond near.salt.ttl-ms ("
                            + near.salt().ttlMs() / 1000 + " s); "
                            + (saltProblem == null ? "not read since" : saltProblem.reason())));
        }
        return Optional.empty();
    }

    /**
     * The relay refused a quote because its nonce's salt is invalid: that salt is never signed with
     * again, and the salt is read again now. The refused command is not re-sent (its nonce holds the old salt).
     */
    public void refusedSalt(byte[] nonce) {
        String hex = HexFormat.of().formatHex(nonce, 5, 9);
        if (refused.add(hex)) {
            LOG.warnf("the relay refused salt %s as invalid; reading current_salt again", hex);
            Known s = salt;
            if (s != null && s.hex().equals(hex)) {
                salt = null;
                saltProblem = new Problem(
                        "salt_refused",
                        "salt " + hex + " was refused by the relay as invalid; reading current_salt again");
            }
            CompletableFuture.runAsync(this::refresh);
        }
    }

    /** The salt in use, for readiness and logs; null when none. */
    public String saltHex() {
        Known s = salt;
        return s == null ? null : s.hex();
    }

    private double saltAgeSeconds() {
        Known s = salt;
        return !live || s == null
                ? Double.NaN
                : Duration.between(s.readAt(), Instant.now()).toMillis() / 1000.0;
    }

    public boolean live() {
        return live;
    }
}
