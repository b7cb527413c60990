package io.eventwire.keyorder;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * The key order of every consumer group of the service. Each group parks the keys of its own dead
 * letters in a parking topic of its own, {@code parked-<group>} (the service's group, named after
 * the service, keeps {@code parked-<service>}), read by every instance, and releases them through
 * the retry topic to its own handlers: a translator with a consumer group of its own keeps its keys
 * in order as the service's group does.
 * <p>
 * The service group's {@link KeyOrder} is given; the others are created on first use, once per
 * group, and their parking topics are read from before the consumers start until they have stopped
 * (this lifecycle's phase is {@link ParkingLog#PHASE}).
 */
public class KeyOrders implements SmartLifecycle {

	private final String serviceGroupId;

	private final KeyOrder serviceGroup;

	private final @Nullable Function<String, KeyOrder> otherGroups;

	private final Map<String, KeyOrder> created = new ConcurrentHashMap<>();

	private volatile boolean running;

	/**
	 * @param serviceGroupId the service's consumer group
	 * @param serviceGroup its key order
	 * @param otherGroups creates the key order of another group (with a parking log not yet
	 * started), or {@code null} when only the service's group keeps key order
	 */
	public KeyOrders(String serviceGroupId, KeyOrder serviceGroup, @Nullable Function<String, KeyOrder> otherGroups) {
		Assert.hasText(serviceGroupId, "serviceGroupId must not be blank");
		Assert.notNull(serviceGroup, "serviceGroup must not be null");
		this.serviceGroupId = serviceGroupId;
		this.serviceGroup = serviceGroup;
		this.otherGroups = otherGroups;
	}

	/**
	 * @param groupId a consumer group
	 * @return the compacted topic in which it keeps its parked keys
	 */
	public static String parkingTopic(String groupId) {
		return "parked-" + groupId;
	}

	/**
	 * @param groupId a consumer group of the service
	 * @return its key order (created on first use), or {@code null} when it keeps none
	 */
	public @Nullable KeyOrder forGroup(String groupId) {
		if (this.serviceGroupId.equals(groupId)) {
			return this.serviceGroup;
		}
		if (this.otherGroups == null) {
			return null;
		}
		return this.created.computeIfAbsent(groupId, (group) -> {
			KeyOrder keyOrder = this.otherGroups.apply(group);
			if (this.running) {
				keyOrder.log().start();
			}
			return keyOrder;
		});
	}

	/**
	 * @param groupId a consumer group of the service
	 * @return its key order if it has one already (none is created), or {@code null}
	 */
	public @Nullable KeyOrder existing(String groupId) {
		return this.serviceGroupId.equals(groupId) ? this.serviceGroup : this.created.get(groupId);
	}

	/**
	 * @return the key order of every group that keeps one so far, by group, the service's group first
	 */
	public Map<String, KeyOrder> byGroup() {
		Map<String, KeyOrder> all = new LinkedHashMap<>();
		all.put(this.serviceGroupId, this.serviceGroup);
		all.putAll(this.created);
		return all;
	}

	@Override
	public void start() {
		this.running = true;
		this.created.values().forEach((keyOrder) -> keyOrder.log().start());
	}

	@Override
	public void stop() {
		this.running = false;
		Collection<KeyOrder> groups = this.created.values();
		groups.forEach((keyOrder) -> keyOrder.log().stop());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return ParkingLog.PHASE;
	}

}
