package dev.unrip.nearintents.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.nearintents.chain.RpcError.Kind;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The answer shapes of NEAR JSON-RPC (query / call_function), as nodes send them, read strictly. */
class RpcAnswerTest {

    private static NearRpc.View read(String body) throws RpcError {
        return RpcAnswer.read("unrip-1", body.getBytes(StandardCharsets.UTF_8), "rpc:3030/", Duration.ZERO);
    }

    private static Kind kindOf(String body) {
        return assertThrows(RpcError.class, () -> read(body)).kind();
    }

    private static String bytes(String json) {
        StringBuilder out = new StringBuilder("[");
        for (byte b : json.getBytes(StandardCharsets.UTF_8)) {
            out.append(out.length() > 1 ? "," : "").append(b & 0xff);
        }
        return out.append(']').toString();
    }

    @Test
    void aResultsBytesAreTheViewsJsonValue() throws RpcError {
        NearRpc.View view = read("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-1\",\"result\":{\"result\":"
                + bytes("\"a1b2c3d4\"") + ",\"logs\":[],\"block_height\":150000001,\"block_hash\":\"9xQ\"}}");
        assertArrayEquals("\"a1b2c3d4\"".getBytes(StandardCharsets.UTF_8), view.value());
        assertEquals("a1b2c3d4", view.json().asText());
        assertEquals(150000001L, view.blockHeight());
        assertEquals("9xQ", view.blockHash());
    }

    @Test
    void theOlderShapeAContractErrorInsideAnHttp200ResultIsAContractError() {
        RpcError e = assertThrows(
                RpcError.class,
                () -> read(
                        "{\"jsonrpc\":\"2.0\",\"id\":\"unrip-1\",\"result\":{\"error\":\"wasm execution failed with error:"
                                + " FunctionCallError(MethodResolveError(MethodNotFound))\",\"logs\":[],\"block_height\":5,"
                                + "\"block_hash\":\"x\"}}"));
        assertEquals(Kind.CONTRACT_ERROR, e.kind());
        assertTrue(e.getMessage().contains("MethodNotFound"), e.getMessage());
    }

    @Test
    void structuredErrorsAreClassifiedByNameAndCause() {
        assertEquals(
                Kind.CONTRACT_ERROR,
                kindOf("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-1\",\"error\":{\"name\":\"HANDLER_ERROR\",\"cause\":"
                        + "{\"name\":\"CONTRACT_EXECUTION_ERROR\",\"info\":{\"vm_error\":\"MethodNotFound\"}},"
                        + "\"code\":-32000,\"message\":\"Server error\"}}"));
        assertEquals(
                Kind.HANDLER_ERROR,
                kindOf("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-1\",\"error\":{\"name\":\"HANDLER_ERROR\",\"cause\":"
                        + "{\"name\":\"UNKNOWN_ACCOUNT\",\"info\":{\"requested_account_id\":\"x.near\"}},"
                        + "\"code\":-32000,\"message\":\"Server error\"}}"));
        assertEquals(
                Kind.REQUEST_ERROR,
                kindOf("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-1\",\"error\":{\"name\":\"REQUEST_VALIDATION_ERROR\","
                        + "\"cause\":{\"name\":\"PARSE_ERROR\"},\"code\":-32700,\"message\":\"Parse error\"}}"));
        assertEquals(
                Kind.UNAVAILABLE,
                kindOf("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-1\",\"error\":{\"name\":\"INTERNAL_ERROR\",\"cause\":"
                        + "{\"name\":\"INTERNAL_ERROR\"},\"code\":-32000,\"message\":\"Server error\"}}"));
    }

    @Test
    void anAnswerThatIsNotTheProtocolsNeverYieldsAValue() {
        assertEquals(Kind.MALFORMED, kindOf("<html>bad gateway</html>"));
        assertEquals(
                Kind.MALFORMED,
                kindOf("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-2\",\"result\":{\"result\":[1],\"block_height\":1}}"));
        assertEquals(Kind.MALFORMED, kindOf("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-1\"}"));
        assertEquals(
                Kind.MALFORMED,
                kindOf("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-1\",\"result\":{\"result\":\"AQI=\",\"block_height\":1}}"));
        assertEquals(
                Kind.MALFORMED,
                kindOf("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-1\",\"result\":{\"result\":[1,256],\"block_height\":1}}"));
        assertEquals(
                Kind.MALFORMED,
                kindOf("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-1\",\"result\":{\"result\":[1],\"logs\":[]}}"));
    }

    @Test
    void resultBytesThatAreNotJsonAreMalformed() throws RpcError {
        NearRpc.View view = read("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-1\",\"result\":{\"result\":" + bytes("{\"trunc")
                + ",\"logs\":[],\"block_height\":7,\"block_hash\":\"x\"}}");
        assertEquals(Kind.MALFORMED, assertThrows(RpcError.class, view::json).kind());
    }

    @Test
    void balancesAreOneDecimalIntegerStringPerTokenAskedAbout() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(
                List.of(new BigInteger("1000000000000000000000000000"), BigInteger.ZERO),
                IntentsContract.amounts(json.readTree("[\"1000000000000000000000000000\",\"0\"]"), 2, "e"));
        for (String bad : List.of("[\"1\"]", "[\"1\",2]", "[\"1\",\"-2\"]", "[\"1\",\"01\"]", "{\"a\":\"1\"}")) {
            assertEquals(
                    Kind.MALFORMED,
                    assertThrows(RpcError.class, () -> IntentsContract.amounts(json.readTree(bad), 2, "e"))
                            .kind(),
                    bad);
        }
    }
}
