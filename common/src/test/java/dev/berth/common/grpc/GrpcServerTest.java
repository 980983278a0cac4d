package dev.berth.common.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.testing.TestServices;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpcServerTest {
    @TempDir Path dir;

    @Test
    void servesHealthOnAUnixSocketWithMode0660() throws Exception {
        try (TestServices services = TestServices.serve(dir)) {
            HealthCheckResponse response = HealthGrpc.newBlockingStub(services.channel())
                    .check(HealthCheckRequest.newBuilder().build());
            assertEquals(HealthCheckResponse.ServingStatus.SERVING, response.getStatus());
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(services.socket())));
        }
        assertTrue(Files.notExists(dir.resolve("test.sock")), "socket removed at close");
    }

    @Test
    void unknownServiceIsNotFound() throws Exception {
        try (TestServices services = TestServices.serve(dir)) {
            var stub = HealthGrpc.newBlockingStub(services.channel());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> stub.check(HealthCheckRequest.newBuilder().setService("no.such.Service").build()));
            assertEquals(io.grpc.Status.Code.NOT_FOUND, e.getStatus().getCode());
        }
    }

    @Test
    void addressesAreUnixPaths() {
        assertEquals(Path.of("/run/berth/content.sock"), UnixSockets.pathOf("unix:///run/berth/content.sock"));
        assertEquals(Path.of("/tmp/x.sock"), UnixSockets.pathOf("/tmp/x.sock"));
        assertThrows(IllegalArgumentException.class, () -> UnixSockets.pathOf("tcp://127.0.0.1:1"));
    }
}
