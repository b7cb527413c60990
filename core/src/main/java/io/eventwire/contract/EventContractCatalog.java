package io.eventwire.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import io.eventwire.EventUpcaster;
import io.eventwire.consume.HandledEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Builds the service's {@link ServiceContracts} from its code, once, on first use: what it sends
 * from its {@link io.eventwire.PublishesEvent @PublishesEvent} declarations, what it receives from
 * its {@link io.eventwire.OnEvent @OnEvent} methods, and the steps of its upcasters.
 */
public final class EventContractCatalog {

	private static final Comparator<EventContract> ORDER = Comparator.comparing(EventContract::topic)
		.thenComparing(EventContract::type)
		.thenComparing(EventContract::action)
		.thenComparing((event) -> String.valueOf(event.groupId()))
		.thenComparingInt(EventContract::version);

	private final String service;

	private final PayloadSchemas schemas;

	private final PublishedEventDeclarations declarations;

	private final Supplier<List<HandledEvent>> handled;

	private final List<EventUpcaster> upcasters;

	private final @Nullable String deadLetterTopic;

	private final @Nullable String retryTopic;

	private volatile @Nullable ServiceContracts contracts;

	/**
	 * @param service the service's name
	 * @param schemas generates the payloads' schemas
	 * @param declarations what the service declares it publishes
	 * @param handled what its handlers take (asked on first use, once the translators are known)
	 * @param upcasters its upcasters
	 * @param deadLetterTopic its dead-letter topic, or {@code null}
	 * @param retryTopic its retry topic, or {@code null}
	 */
	public EventContractCatalog(String service, PayloadSchemas schemas, PublishedEventDeclarations declarations,
			Supplier<List<HandledEvent>> handled, List<EventUpcaster> upcasters, @Nullable String deadLetterTopic,
			@Nullable String retryTopic) {
		Assert.hasText(service, "service must not be blank");
		this.service = service;
		this.schemas = schemas;
		this.declarations = declarations;
		this.handled = handled;
		this.upcasters = List.copyOf(upcasters);
		this.deadLetterTopic = deadLetterTopic;
		this.retryTopic = retryTopic;
	}

	/**
	 * @return the service's contracts, in a stable order (topic, type, action, group, version)
	 */
	public ServiceContracts contracts() {
		ServiceContracts built = this.contracts;
		if (built == null) {
			built = build();
			this.contracts = built;
		}
		return built;
	}

	private ServiceContracts build() {
		List<EventContract> events = new ArrayList<>();
		for (PublishedEventDeclarations.Declaration declared : this.declarations.declarations()) {
			events.add(new EventContract(EventContract.Action.SEND, declared.topic(), declared.type(), declared.version(),
					this.schemas.producerSchema(declared.payload()), null, declared.breaking(), false));
		}
		for (HandledEvent handled : this.handled.get()) {
			events.add(new EventContract(EventContract.Action.RECEIVE, handled.topic(), handled.type(), handled.version(),
					this.schemas.consumerSchema(handled.payloadType()), handled.groupId(), false, false));
		}
		events.sort(ORDER);
		List<ServiceContracts.UpcastStep> steps = this.upcasters.stream()
			.map((upcaster) -> new ServiceContracts.UpcastStep(upcaster.topic(), upcaster.type(), upcaster.fromVersion()))
			.sorted(Comparator.comparing(ServiceContracts.UpcastStep::topic)
				.thenComparing(ServiceContracts.UpcastStep::type)
				.thenComparingInt(ServiceContracts.UpcastStep::fromVersion))
			.toList();
		return new ServiceContracts(this.service, events, steps, this.deadLetterTopic, this.retryTopic);
	}

}
