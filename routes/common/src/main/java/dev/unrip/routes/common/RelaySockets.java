package dev.unrip.routes.common;

import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.Optional;

/** Where a venue's WebSocket is and how we authenticate to it, as Vert.x connect options. */
public final class RelaySockets {

    private RelaySockets() {}

    /**
     * The options for {@code url} (ws or wss, default ports 80 and 443, path "/" when none), with
     * {@code Authorization: Bearer <jwt>} when a token is given; the token is never logged.
     */
    public static WebSocketConnectOptions connectOptions(String url, Optional<String> jwt, int connectTimeoutMs) {
        URI uri = URI.create(url);
        boolean tls = "wss".equals(uri.getScheme());
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80))
                .setSsl(tls)
                .setURI(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                .setConnectTimeout(connectTimeoutMs);
        jwt.filter(t -> !t.isBlank()).ifPresent(t -> options.addHeader("Authorization", "Bearer " + t));
        return options;
    }
}
