package io.eventwire.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Names this instance of a service for what other instances read (who replayed a dead letter):
 * the host name and the process id, {@code host:pid}, without spaces.
 */
public final class InstanceName {

	private InstanceName() {
	}

	/**
	 * @return {@code host:pid} of this process
	 */
	public static String current() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return host.replace(' ', '_') + ":" + ProcessHandle.current().pid();
	}

}
