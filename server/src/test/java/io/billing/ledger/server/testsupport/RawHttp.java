package io.billing.ledger.server.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so that a test sends exactly the request target it means:
 * no client normalises {@code %61}, {@code ;}, {@code //} or dot segments on the way.
 */
public final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    public static Response send(int port, String method, String rawTarget, String apiKey, String json) {
        String head = method + " " + rawTarget + " HTTP/1.1\r\nAccept: application/json\r\n"
                + (json == null ? "" : "Content-Type: application/json\r\n");
        return sendWithHeaders(port, head, apiKey, json);
    }

    /** {@code head}: the request line and any headers, each ending in CRLF; Host, Connection, the key and Content-Length are added. */
    public static Response sendWithHeaders(int port, String head, String apiKey, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(head)
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Connection: close\r\n");
        if (apiKey != null) {
            request.append("Authorization: Bearer ").append(apiKey).append("\r\n");
        }
        request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException(head.lines().findFirst().orElse(head) + " failed", e);
        }
    }

    private static Response parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end < 0 ? text.length() : end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = end < 0 ? "" : text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        JsonNode json = null;
        if (headers.getOrDefault("content-type", "").startsWith("application/json") && !body.isEmpty()) {
            json = JSON.readTree(body);
        }
        return new Response(status, headers, body, json);
    }

    private static String unchunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            byte[] piece = chunked.substring(lineEnd + 2).getBytes(StandardCharsets.UTF_8);
            out.write(piece, 0, size);
            at = lineEnd + 2 + new String(piece, 0, size, StandardCharsets.UTF_8).length() + 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public record Response(int status, Map<String, String> headers, String raw, JsonNode body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String errorCode() {
            return body == null ? null : body.path("error").path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + raw;
        }
    }
}
