package org.swiftft.heartbeat.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "SwiFT heartbeat", description = "The heartbeat port watched applications send datagrams to.")
@interface HeartbeatConfiguration {

    @AttributeDefinition(name = "Bind address",
            description = "Address of the UDP heartbeat port. Loopback: heartbeats come from this host only.")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "UDP port; 0 lets the system choose a free one.", min = "0", max = "65535")
    int port() default 0;

    @AttributeDefinition(name = "Receive buffer (bytes)",
            description = "Kernel receive buffer asked for the heartbeat socket: room for a burst of datagrams, so a flood"
                    + " from one child does not crowd out the others' heartbeats.", min = "65536")
    int receive_buffer_bytes() default 4 * 1024 * 1024;
}
