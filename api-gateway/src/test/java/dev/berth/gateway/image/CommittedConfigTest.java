package dev.berth.gateway.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documents of a committed image, built as moby builds them (pure functions, no services). */
class CommittedConfigTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456789Z");
    static final String DIFF = "sha256:" + "d1".repeat(32);

    static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
    }

    /** A container's Config as the gateway's ContainerConfig record serialises it (every field, nulls kept). */
    static ObjectNode containerConfig() throws Exception {
        return json("{'Hostname':'c0ffee123456','Domainname':'','User':'','AttachStdin':false,'AttachStdout':true,"
                + "'AttachStderr':true,'ExposedPorts':null,'Tty':false,'OpenStdin':false,'StdinOnce':false,"
                + "'Env':['PATH=/usr/bin:/bin'],'Cmd':['sh','-c','echo hi > /state.txt'],'Image':'busybox','Volumes':null,"
                + "'WorkingDir':'','Entrypoint':null,'Labels':null,'StopSignal':null,'StopTimeout':null,'Healthcheck':null}");
    }

    static CommitRequest request(ObjectNode container, String author, String comment) {
        return new CommitRequest("sha256:" + "ab".repeat(32), "c0ffee123456", container, null, List.of(), author, comment, "", "");
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theContainersConfigIsKeptAndChangesApplied() throws Exception {
        ObjectNode container = containerConfig();
        ObjectNode before = container.deepCopy();
        ObjectNode config = CommittedConfig.runConfig(container, null, List.of("CMD [\"cat\",\"/state.txt\"]", "ENV A=1", "EXPOSE 80"));

        assertEquals("[\"cat\",\"/state.txt\"]", config.get("Cmd").toString());
        assertEquals("[\"PATH=/usr/bin:/bin\",\"A=1\"]", config.get("Env").toString());
        assertEquals("c0ffee123456", config.get("Hostname").asText(), "docker keeps the container's Hostname");
        assertTrue(config.get("AttachStdout").asBoolean());
        assertEquals("busybox", config.get("Image").asText());
        assertEquals("{}", config.get("Labels").toString(), "moby's merge makes nil labels an empty map");
        assertTrue(config.get("Entrypoint").isNull());
        assertEquals("{\"80/tcp\":{}}", config.get("ExposedPorts").toString());
        // Docker's field order; omitempty fields only when set
        assertEquals(List.of("Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr", "ExposedPorts",
                "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes", "WorkingDir", "Entrypoint", "Labels"), fields(config));
        assertEquals(before, container, "the container's config is not modified");
    }

    @Test
    void anEntrypointWithoutCmdDropsTheContainersCmd() throws Exception {
        ObjectNode config = CommittedConfig.runConfig(containerConfig(), null, List.of("ENTRYPOINT [\"/bin/top\"]"));
        assertEquals("[\"/bin/top\"]", config.get("Entrypoint").toString());
        assertTrue(config.get("Cmd").isNull(), config.toString());

        ObjectNode both = CommittedConfig.runConfig(containerConfig(), null, List.of("CMD [\"-b\"]", "ENTRYPOINT [\"/bin/top\"]"));
        assertEquals("[\"-b\"]", both.get("Cmd").toString());
    }

    @Test
    void aRequestedConfigReplacesTheContainersWhichFillsWhatItLeavesEmpty() throws Exception {
        ObjectNode container = containerConfig();
        container.put("User", "nobody").put("WorkingDir", "/work").put("StopSignal", "SIGINT");
        container.set("Labels", json("{'a':'1','b':'2'}"));
        container.set("Volumes", json("{'/data':{}}"));
        container.set("ExposedPorts", json("{'80/tcp':{}}"));
        container.set("Env", MAPPER.readTree("[\"A=0\",\"PATH=/bin\"]"));
        ObjectNode requested = json("{'Cmd':['x'],'Env':['A=1'],'Labels':{'b':'3'},'ExposedPorts':{'443/tcp':{}},"
                + "'Volumes':{'/cache':{}},'HostConfig':{'Memory':1}}");

        ObjectNode config = CommittedConfig.runConfig(container, requested, List.of());
        assertEquals("[\"x\"]", config.get("Cmd").toString());
        assertEquals("[\"A=1\",\"PATH=/bin\"]", config.get("Env").toString());
        assertEquals("{\"b\":\"3\",\"a\":\"1\"}", config.get("Labels").toString());
        assertEquals("{\"443/tcp\":{},\"80/tcp\":{}}", config.get("ExposedPorts").toString());
        assertEquals("{\"/cache\":{},\"/data\":{}}", config.get("Volumes").toString());
        assertEquals("nobody", config.get("User").asText());
        assertEquals("/work", config.get("WorkingDir").asText());
        assertEquals("SIGINT", config.get("StopSignal").asText());
        assertFalse(config.has("Hostname"), "moby's merge does not fill Hostname");
        assertFalse(config.has("HostConfig"), "only Config fields are kept");
        assertEquals("{'Cmd':['x'],'Env':['A=1'],'Labels':{'b':'3'},'ExposedPorts':{'443/tcp':{}},'Volumes':{'/cache':{}},'HostConfig':{'Memory':1}}"
                .replace('\'', '"'), requested.toString(), "the request is not modified");
    }

    @Test
    void aRequestedCmdKeepsTheContainersEntrypointAndItsHealthcheckMerges() throws Exception {
        ObjectNode container = containerConfig();
        container.set("Entrypoint", MAPPER.readTree("[\"/entry\"]"));
        container.set("Healthcheck", json("{'Test':['CMD','true'],'Interval':1000,'Retries':3}"));
        ObjectNode config = CommittedConfig.runConfig(container, json("{'Cmd':['x'],'Healthcheck':{'Interval':5}}"), List.of());
        assertEquals("[\"/entry\"]", config.get("Entrypoint").toString());
        assertEquals("[\"x\"]", config.get("Cmd").toString());
        assertEquals("{\"Interval\":5,\"Test\":[\"CMD\",\"true\"],\"Retries\":3}", config.get("Healthcheck").toString());
    }

    @Test
    void aBodyWithoutConfigFieldsIsNoConfig() throws Exception {
        assertFalse(CommittedConfig.hasConfigFields(json("{}")));
        assertFalse(CommittedConfig.hasConfigFields(json("{'HostConfig':{}}")));
        assertFalse(CommittedConfig.hasConfigFields(null));
        assertTrue(CommittedConfig.hasConfigFields(json("{'Cmd':null}")));
        ObjectNode config = CommittedConfig.runConfig(containerConfig(), json("{'HostConfig':{}}"), List.of());
        assertEquals("c0ffee123456", config.get("Hostname").asText());
    }

    @Test
    void changesAreCheckedAsDockerChecksThem() throws Exception {
        DockerApiException bad = assertThrows(DockerApiException.class,
                () -> CommittedConfig.runConfig(containerConfig(), null, List.of("RUN rm -rf /")));
        assertEquals(400, bad.status());
        assertEquals("RUN is not a valid change command", bad.getMessage());

        ObjectNode config = CommittedConfig.runConfig(containerConfig(), null, List.of("ONBUILD RUN echo hi", "onbuild ADD . /app"));
        assertEquals("[\"RUN echo hi\",\"ADD . /app\"]", config.get("OnBuild").toString());
        assertEquals("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", assertThrows(DockerApiException.class,
                () -> CommittedConfig.runConfig(containerConfig(), null, List.of("ONBUILD ONBUILD RUN x"))).getMessage());
        assertEquals("FROM isn't allowed as an ONBUILD trigger", assertThrows(DockerApiException.class,
                () -> CommittedConfig.runConfig(containerConfig(), null, List.of("ONBUILD from busybox"))).getMessage());
    }

    @Test
    void theImageConfigIsTheParentsWithTheNewLayerAndHistory() throws Exception {
        ObjectNode parent = json("{'architecture':'arm64','variant':'v8','os':'linux','created':'2020-01-01T00:00:00Z',"
                + "'author':'someone','comment':'imported','docker_version':'20.10.0','container':'old',"
                + "'config':{'Cmd':['/bin/sh']},'rootfs':{'type':'layers','diff_ids':['sha256:" + "aa".repeat(32) + "']},"
                + "'history':[{'created':'2020-01-01T00:00:00Z','created_by':'import','comment':'imported'}]}");
        ObjectNode before = parent.deepCopy();
        ObjectNode runConfig = CommittedConfig.runConfig(containerConfig(), null, List.of("CMD [\"cat\",\"/state.txt\"]"));
        ObjectNode image = CommittedConfig.imageConfig(parent, request(containerConfig(), "Ann <ann@example.com>", "saved state"),
                runConfig, dev.berth.image.Digest.parse(DIFF), NOW);

        assertEquals("arm64", image.get("architecture").asText());
        assertEquals("v8", image.get("variant").asText());
        assertEquals("linux", image.get("os").asText());
        assertEquals("2026-03-04T05:06:07.123456789Z", image.get("created").asText());
        assertEquals("Ann <ann@example.com>", image.get("author").asText());
        assertEquals("saved state", image.get("comment").asText());
        assertEquals("c0ffee123456", image.get("container").asText());
        assertEquals("[\"sh\",\"-c\",\"echo hi > /state.txt\"]", image.get("container_config").get("Cmd").toString());
        assertEquals(runConfig, image.get("config"));
        assertFalse(image.has("docker_version"));
        assertEquals("{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "aa".repeat(32) + "\",\"" + DIFF + "\"]}",
                image.get("rootfs").toString());
        assertEquals(2, image.get("history").size());
        assertEquals(parent.get("history").get(0), image.get("history").get(0));
        assertEquals("{\"created\":\"2026-03-04T05:06:07.123456789Z\",\"author\":\"Ann <ann@example.com>\","
                + "\"created_by\":\"sh -c echo hi > /state.txt\",\"comment\":\"saved state\"}", image.get("history").get(1).toString());
        assertEquals(before, parent, "the parent's document is not modified");
    }

    @Test
    void anEmptyLayerIsNotAddedAndItsHistoryEntrySaysSo() throws Exception {
        ObjectNode parent = json("{'architecture':'amd64','os':'linux','comment':'imported',"
                + "'rootfs':{'type':'layers','diff_ids':['sha256:" + "aa".repeat(32) + "']},'history':[{'created_by':'import'}]}");
        ObjectNode image = CommittedConfig.imageConfig(parent, request(containerConfig(), "", ""),
                CommittedConfig.runConfig(containerConfig(), null, List.of()), null, NOW);
        assertEquals(1, image.get("rootfs").get("diff_ids").size());
        assertEquals("{\"created\":\"2026-03-04T05:06:07.123456789Z\",\"created_by\":\"sh -c echo hi > /state.txt\","
                + "\"empty_layer\":true}", image.get("history").get(1).toString());
        assertFalse(image.has("comment"), "the parent's comment is not the child's");
        assertEquals("", image.get("author").asText());
    }

    @Test
    void withoutAParentTheLayerIsTheFirst() throws Exception {
        ObjectNode container = containerConfig();
        container.putNull("Cmd");
        ObjectNode image = CommittedConfig.imageConfig(null, request(container, "", "first"),
                CommittedConfig.runConfig(container, null, List.of()), dev.berth.image.Digest.parse(DIFF), NOW);
        assertEquals("amd64", image.get("architecture").asText());
        assertEquals("linux", image.get("os").asText());
        assertEquals("[\"" + DIFF + "\"]", image.get("rootfs").get("diff_ids").toString());
        assertEquals("{\"created\":\"2026-03-04T05:06:07.123456789Z\",\"comment\":\"first\"}", image.get("history").get(0).toString());
    }
}
