package dev.berth.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Docker token server for tests, on loopback: issues JWTs (RS256, with the certificate in
 * {@code x5c}) that the real docker-registry verifies against the same certificate as its root.
 * Users are given actions on every repository; anonymous callers get {@code pull} on {@code public/*};
 * the OAuth2 refresh-token grant accepts "<user>-refresh" as a user's identity token.
 */
public final class TokenServer implements AutoCloseable {

    public static final String SERVICE = "berth-test-registry";
    public static final String ISSUER = "berth-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One user: password and the actions granted on any repository. */
    public record User(String password, Set<String> actions) { }

    private final Path dir;
    private final PrivateKey key;
    private final String certificateBase64;
    private final Map<String, User> users;
    private final FakeServer server;
    private final List<String> scopesAsked = new CopyOnWriteArrayList<>();

    public TokenServer(Map<String, User> users) throws IOException {
        this.users = Map.copyOf(users);
        this.dir = Files.createTempDirectory("berth-token");
        RegistryServer.run(List.of(RegistryServer.requireTool("openssl").toString(), "req", "-x509", "-newkey", "rsa:2048",
                "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=berth-test-token"));
        try {
            String pem = Files.readString(dir.resolve("key.pem")).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            X509Certificate cert;
            try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            certificateBase64 = Base64.getEncoder().encodeToString(cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        server = new FakeServer(this::issue);
    }

    public String realm() {
        return "http://" + server.host() + "/token";
    }

    public Path certificate() {
        return dir.resolve("cert.pem");
    }

    /** Every {@code scope} parameter asked for, in order (an empty string for a request without scope). */
    public List<String> scopesAsked() {
        return scopesAsked;
    }

    public int requests() {
        return server.seen().size();
    }

    private void issue(HttpExchange exchange) throws IOException {
        boolean oauth = exchange.getRequestMethod().equals("POST");
        String form = oauth ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                : exchange.getRequestURI().getRawQuery();
        Map<String, List<String>> params = parseForm(form);
        List<String> scopes = new ArrayList<>();
        for (String scope : params.getOrDefault("scope", List.of())) {
            // the OAuth2 POST joins scopes with spaces; the GET repeats the parameter
            scopes.addAll(oauth ? List.of(scope.split(" ")) : List.of(scope));
        }
        scopesAsked.add(String.join(" ", scopes));
        String subject = "";
        Set<String> granted = Set.of();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (oauth) {
            String refresh = params.getOrDefault("refresh_token", List.of("")).getFirst();
            if (!params.getOrDefault("grant_type", List.of("")).getFirst().equals("refresh_token") || !refresh.endsWith("-refresh")
                    || !users.containsKey(refresh.substring(0, refresh.length() - "-refresh".length()))) {
                FakeServer.respond(exchange, 401, "{\"details\":\"invalid refresh token\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            subject = refresh.substring(0, refresh.length() - "-refresh".length());
            granted = users.get(subject).actions();
        } else if (authorization != null && authorization.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
            String name = pair.substring(0, pair.indexOf(':'));
            User user = users.get(name);
            if (user == null || !user.password().equals(pair.substring(pair.indexOf(':') + 1))) {
                // Docker Hub's answer to a wrong password
                FakeServer.respond(exchange, 401, "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8),
                        "Content-Type", "application/json");
                return;
            }
            subject = name;
            granted = user.actions();
        }
        ObjectNode claims = JSON.createObjectNode();
        long now = Instant.now().getEpochSecond();
        claims.put("iss", ISSUER).put("sub", subject).put("aud", SERVICE)
                .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length != 3 || !parts[0].equals("repository")) {
                continue;
            }
            Set<String> allowed = subject.isEmpty() && parts[1].startsWith("public/") ? Set.of("pull") : granted;
            ArrayNode actions = JSON.createArrayNode();
            for (String action : parts[2].split(",")) {
                if (allowed.contains(action)) {
                    actions.add(action);
                }
            }
            access.addObject().put("type", "repository").put("name", parts[1]).set("actions", actions);
        }
        String jwt = sign(claims);
        ObjectNode answer = JSON.createObjectNode().put("token", jwt).put("access_token", jwt)
                .put("expires_in", 300).put("issued_at", Instant.ofEpochSecond(now).toString());
        FakeServer.respond(exchange, 200, JSON.writeValueAsBytes(answer), "Content-Type", "application/json");
    }

    private static Map<String, List<String>> parseForm(String form) {
        Map<String, List<String>> params = new HashMap<>();
        if (form != null && !form.isEmpty()) {
            for (String pair : form.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return params;
    }

    private String sign(ObjectNode claims) throws IOException {
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(certificateBase64);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(JSON.writeValueAsBytes(header)) + "." + url.encodeToString(JSON.writeValueAsBytes(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        RegistryServer.deleteRecursively(dir);
    }
}
