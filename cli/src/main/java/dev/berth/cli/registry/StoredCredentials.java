package dev.berth.cli.registry;

/** One entry of the config file's "auths": the server address it is stored under and what it holds. */
public record StoredCredentials(String serverAddress, String username, String password, String identityToken) {

    public boolean hasPassword() {
        return username != null && !username.isEmpty() && password != null && !password.isEmpty();
    }

    @Override
    public String toString() { // never print the password
        return "StoredCredentials[" + serverAddress + ", username=" + username + "]";
    }
}
