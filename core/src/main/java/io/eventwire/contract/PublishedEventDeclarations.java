package io.eventwire.contract;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.eventwire.EventHeaders;
import io.eventwire.PublishException;
import io.eventwire.PublishesEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The {@link PublishesEvent @PublishesEvent} declarations on the application's bean classes, read
 * once, on first use: they give the version written to events of a declared (topic, type), and
 * report events of pairs that were not declared.
 */
public final class PublishedEventDeclarations implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(PublishedEventDeclarations.class);

	private final ListableBeanFactory beanFactory;

	private final PropertyResolver placeholders;

	private final UndeclaredEvents undeclared;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Map<String, Declaration> declarations;

	/**
	 * @param beanFactory where the declaring beans are
	 * @param placeholders resolves {@code ${...}} in topics
	 * @param undeclared what to do with events of undeclared pairs
	 */
	public PublishedEventDeclarations(ListableBeanFactory beanFactory, PropertyResolver placeholders,
			UndeclaredEvents undeclared) {
		Assert.notNull(beanFactory, "beanFactory must not be null");
		Assert.notNull(placeholders, "placeholders must not be null");
		Assert.notNull(undeclared, "undeclared must not be null");
		this.beanFactory = beanFactory;
		this.placeholders = placeholders;
		this.undeclared = undeclared;
	}

	@Override
	public void afterSingletonsInstantiated() {
		declarations();
	}

	/**
	 * @return every declaration, once per (topic, type)
	 * @throws InvalidEventDeclarationException if two declarations of a pair differ
	 */
	public Collection<Declaration> declarations() {
		return declared().values();
	}

	private Map<String, Declaration> declared() {
		Map<String, Declaration> read = this.declarations;
		if (read == null) {
			read = read();
			this.declarations = read;
		}
		return read;
	}

	/**
	 * The headers to publish an event with: its own, plus the declared version unless it sets one.
	 * @param topic the event's topic
	 * @param type its type
	 * @param headers its custom headers
	 * @return the headers to write
	 * @throws PublishException if the pair is not declared and {@link UndeclaredEvents#FAIL} is set
	 */
	public Map<String, String> headers(String topic, String type, Map<String, String> headers) {
		Map<String, Declaration> declared = declared();
		Declaration declaration = declared.get(key(topic, type));
		if (declaration == null) {
			reportUndeclared(topic, type, declared.isEmpty());
			return headers;
		}
		if (declaration.version() == 1 || headers.containsKey(EventHeaders.SCHEMA_VERSION)) {
			return headers;
		}
		Map<String, String> versioned = new LinkedHashMap<>(headers);
		versioned.put(EventHeaders.SCHEMA_VERSION, Integer.toString(declaration.version()));
		return versioned;
	}

	private void reportUndeclared(String topic, String type, boolean nothingDeclared) {
		if (nothingDeclared || this.undeclared == UndeclaredEvents.IGNORE) {
			return;
		}
		String message = "Event type '" + type + "' on topic " + topic + " is published but not declared with "
				+ "@PublishesEvent, so it is missing from the service's contracts";
		if (this.undeclared == UndeclaredEvents.FAIL) {
			throw new PublishException(topic, type, message + " (eventwire.contracts.undeclared=fail)", null);
		}
		if (this.warned.add(key(topic, type))) {
			logger.warn("{}; said once per pair (eventwire.contracts.undeclared=ignore silences it)", message);
		}
	}

	private Map<String, Declaration> read() {
		Map<String, Declaration> read = new LinkedHashMap<>();
		for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> beanType = this.beanFactory.getType(beanName, false);
			if (beanType == null) {
				continue;
			}
			Class<?> userClass = ClassUtils.getUserClass(beanType);
			MergedAnnotations.from(userClass, SearchStrategy.TYPE_HIERARCHY)
				.stream(PublishesEvent.class)
				.map((annotation) -> annotation.synthesize())
				.forEach((annotation) -> add(read, declaration(annotation, userClass)));
		}
		return Map.copyOf(read);
	}

	private Declaration declaration(PublishesEvent annotation, Class<?> declaringClass) {
		String topic = this.placeholders.resolveRequiredPlaceholders(annotation.topic());
		if (topic.isBlank() || annotation.type().isBlank() || annotation.version() < 1) {
			throw new InvalidEventDeclarationException("@PublishesEvent on " + declaringClass.getName()
					+ " needs a topic, a type and a version of 1 or more: " + annotation);
		}
		return new Declaration(topic, annotation.type(), annotation.payload(), annotation.version(), annotation.breaking(),
				declaringClass.getName());
	}

	private static void add(Map<String, Declaration> read, Declaration declaration) {
		Declaration earlier = read.putIfAbsent(key(declaration.topic(), declaration.type()), declaration);
		if (earlier != null && (earlier.version() != declaration.version() || earlier.payload() != declaration.payload()
				|| earlier.breaking() != declaration.breaking())) {
			throw new InvalidEventDeclarationException("Event type '" + declaration.type() + "' on topic "
					+ declaration.topic() + " is declared twice, differently: version " + earlier.version() + " of "
					+ earlier.payload().getName() + " by " + earlier.declaredBy() + ", version " + declaration.version()
					+ " of " + declaration.payload().getName() + " by " + declaration.declaredBy()
					+ ". A service publishes one version of a type: declare it once, or alike");
		}
	}

	private static String key(String topic, String type) {
		return topic + '\u0000' + type;
	}

	/**
	 * One declared (topic, type).
	 *
	 * @param topic the topic
	 * @param type the event type
	 * @param payload the payload type
	 * @param version the version published
	 * @param breaking whether this version breaks consumers of the previous one
	 * @param declaredBy the declaring class
	 */
	public record Declaration(String topic, String type, Class<?> payload, int version, boolean breaking,
			String declaredBy) {
	}

}
