package org.swiftft.detector.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.swiftft.detector.WatchSpec;
import org.swiftft.heartbeat.HeartbeatProtocol;
import org.swiftft.libft.runtime.wire.ControlProtocol;

/**
 * What HELLO, REGISTER and UNREGISTER mean to the supervisor, and who may say them: a launched
 * process proves itself with its token; a process registering itself must belong to the runtime's
 * user (or the runtime runs as root), as must the peer that registers it.
 */
final class ApplicationSessions implements ApplicationSocket.Sessions {

    private static final String RUNTIME_USER = System.getProperty("user.name");

    private final Supervisor supervisor;

    ApplicationSessions(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public void hello(ApplicationConnection connection, String application, String token) {
        supervisor.connected(application, token, connection);
    }

    @Override
    public Map<String, String> register(ApplicationConnection connection, String application, long pid,
            Map<String, String> values) {
        if (connection.peerUser == null || !(connection.peerUser.equals(RUNTIME_USER) || connection.peerUser.equals("root"))) {
            throw new IllegalArgumentException("only the runtime's user (" + RUNTIME_USER + ") or root may register a process;"
                    + " this connection is " + connection.peerUser + "'s: let the runtime launch the application instead");
        }
        WatchSpec spec = spec(application, values);
        Map<String, String> variables = supervisor.adopt(spec, process(pid, connection.peerUser), connection);
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put(ControlProtocol.KEY_TOKEN, variables.get(HeartbeatProtocol.ENV_TOKEN));
        Optional.ofNullable(variables.get(HeartbeatProtocol.ENV_HEARTBEAT))
                .ifPresent(endpoint -> answer.put(ControlProtocol.KEY_HEARTBEAT, endpoint));
        return answer;
    }

    @Override
    public void unregister(ApplicationConnection connection) {
        supervisor.unregistered(connection);
    }

    @Override
    public void closed(ApplicationConnection connection) {
        supervisor.disconnected(connection);
    }

    /** A live process that is not init or the runtime, of the same user as the peer unless the peer is root. */
    private static ProcessHandle process(long pid, String peerUser) {
        if (pid <= 1 || pid == ProcessHandle.current().pid()) {
            throw new IllegalArgumentException("pid " + pid + " cannot be watched");
        }
        ProcessHandle process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new IllegalArgumentException("no process has pid " + pid));
        String owner = process.info().user().orElse("");
        if (!peerUser.equals("root") && !owner.equals(peerUser)) {
            throw new IllegalArgumentException("pid " + pid + " belongs to '" + owner + "', not to " + peerUser
                    + ", who asked: a process registers itself");
        }
        return process;
    }

    /** The REGISTER words as a watch spec: the watch-file keys that make sense for a running process. */
    static WatchSpec spec(String application, Map<String, String> values) {
        Map<String, String> left = new HashMap<>(values);
        WatchSpec spec = new WatchSpec();
        spec.name = application;
        String line = left.remove(ControlProtocol.KEY_COMMAND_LINE);
        if (line != null) {
            List<String> words = CommandLine.split(line);
            if (!words.isEmpty()) {
                spec.command = words.get(0);
                spec.args = List.copyOf(words.subList(1, words.size()));
            }
        }
        spec.workingDirectory = left.remove(ControlProtocol.KEY_WORKING_DIRECTORY);
        Map<String, String> variables = new HashMap<>();
        for (String key : List.copyOf(left.keySet())) {
            if (key.startsWith(ControlProtocol.KEY_ENVIRONMENT_PREFIX)) {
                String variable = key.substring(ControlProtocol.KEY_ENVIRONMENT_PREFIX.length());
                if (!variable.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                    throw new IllegalArgumentException("'" + variable + "' (" + key + ") is not an environment variable's name");
                }
                variables.put(variable, left.remove(key));
            }
        }
        spec.environment = Map.copyOf(variables);
        spec.policy = left.remove(ControlProtocol.KEY_POLICY);
        spec.heartbeatTimeoutMillis = millis(left.remove(ControlProtocol.KEY_HEARTBEAT_TIMEOUT),
                ControlProtocol.KEY_HEARTBEAT_TIMEOUT, spec.heartbeatTimeoutMillis);
        spec.stopGraceMillis = millis(left.remove(ControlProtocol.KEY_STOP_GRACE), ControlProtocol.KEY_STOP_GRACE,
                spec.stopGraceMillis);
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("unknown registration key(s) " + left.keySet() + "; known: "
                    + List.of(ControlProtocol.KEY_COMMAND_LINE, ControlProtocol.KEY_WORKING_DIRECTORY, ControlProtocol.KEY_POLICY,
                            ControlProtocol.KEY_HEARTBEAT_TIMEOUT, ControlProtocol.KEY_STOP_GRACE, ControlProtocol.KEY_ENVIRONMENT_PREFIX + "NAME"));
        }
        return spec;
    }

    private static long millis(String value, String key, long otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of milliseconds, not '" + value + "'");
        }
    }
}
