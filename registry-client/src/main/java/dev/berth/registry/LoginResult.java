package dev.berth.registry;

/**
 * The answer of a successful {@code docker login}, as Docker's {@code POST /auth} returns it:
 * {@code Status} "Login Succeeded" and an identity token when the registry gave one (else empty).
 */
public record LoginResult(String status, String identityToken) {

    public static final String SUCCEEDED = "Login Succeeded";

    public static LoginResult succeeded() {
        return new LoginResult(SUCCEEDED, "");
    }
}
