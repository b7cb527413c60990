package io.eventwire.consume;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.eventwire.EventMetadata;
import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.Assert;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link OnEvent @OnEvent} methods of all {@link EventTranslator @EventTranslator} beans, by
 * consumer group, topic and event type. Building it checks every declaration and fails with an
 * {@link InvalidEventHandlerException} naming the class and method of the first mistake.
 */
public final class EventHandlerRegistry {

	private static final Logger logger = LoggerFactory.getLogger(EventHandlerRegistry.class);

	// Kafka's own rule for topic names.
	private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

	private final Map<String, Map<String, Map<String, EventHandlerMethod>>> handlers;

	private final Map<String, List<RewindHandler>> rewindHandlers;

	private EventHandlerRegistry(Map<String, Map<String, Map<String, EventHandlerMethod>>> handlers,
			Map<String, List<RewindHandler>> rewindHandlers) {
		this.handlers = handlers;
		this.rewindHandlers = rewindHandlers;
	}

	/**
	 * Find and check the handlers of all translator beans. The beans are created if they were not.
	 * @param beanFactory where the translators are
	 * @param placeholders resolves {@code ${...}} in topic names and group ids
	 * @param defaultGroupId the service's consumer group, for translators that name none
	 * @param jsonMapper the mapper that binds payloads
	 * @param validator validates payloads of handlers that ask for it, or {@code null} when no
	 * validator is available
	 * @return the registry
	 * @throws InvalidEventHandlerException if a translator is declared wrongly
	 */
	public static EventHandlerRegistry discover(ListableBeanFactory beanFactory, PropertyResolver placeholders,
			String defaultGroupId, JsonMapper jsonMapper, @Nullable PayloadValidator validator) {
		Assert.hasText(defaultGroupId, "defaultGroupId must not be blank");
		HandlerDeclarations.checkNoStrayHandlers(beanFactory);
		Map<String, Map<String, Map<String, EventHandlerMethod>>> handlers = new LinkedHashMap<>();
		Map<String, List<RewindHandler>> rewindHandlers = new LinkedHashMap<>();
		String[] beanNames = beanFactory.getBeanNamesForAnnotation(EventTranslator.class);
		Arrays.sort(beanNames);
		for (String beanName : beanNames) {
			Object bean = beanFactory.getBean(beanName);
			Class<?> userClass = AopUtils.getTargetClass(bean);
			EventTranslator translator = AnnotatedElementUtils.findMergedAnnotation(userClass, EventTranslator.class);
			if (translator == null) {
				continue;
			}
			new TranslatorReader(bean, userClass, translator, placeholders, defaultGroupId, jsonMapper, validator)
				.addTo(handlers, rewindHandlers);
		}
		return new EventHandlerRegistry(handlers, rewindHandlers);
	}

	/**
	 * @return whether no translator declares any handler
	 */
	public boolean isEmpty() {
		return this.handlers.isEmpty();
	}

	/**
	 * @return the consumer groups that have handlers
	 */
	public Set<String> groupIds() {
		return Collections.unmodifiableSet(this.handlers.keySet());
	}

	/**
	 * @param groupId a consumer group
	 * @return the topics its handlers consume
	 */
	public Set<String> topics(String groupId) {
		return Collections.unmodifiableSet(this.handlers.getOrDefault(groupId, Map.of()).keySet());
	}

	/**
	 * @param groupId a consumer group
	 * @param topic a topic
	 * @return the event types the group handles on that topic
	 */
	public Set<String> types(String groupId, String topic) {
		return Collections
			.unmodifiableSet(this.handlers.getOrDefault(groupId, Map.of()).getOrDefault(topic, Map.of()).keySet());
	}

	/**
	 * Run the group's {@link io.eventwire.OnRewind @OnRewind} methods, in the order of their
	 * translators' bean names.
	 * @param groupId a consumer group
	 * @return how many ran
	 * @throws RuntimeException what the first failing method threw
	 */
	public int runRewindHandlers(String groupId) {
		List<RewindHandler> handlers = this.rewindHandlers.getOrDefault(groupId, List.of());
		handlers.forEach(RewindHandler::run);
		return handlers.size();
	}

	/**
	 * @return every handler's (group, topic, type, version, payload type), for the service's contracts
	 */
	public List<HandledEvent> handledEvents() {
		List<HandledEvent> handled = new ArrayList<>();
		this.handlers.forEach((groupId, topics) -> topics.forEach((topic, types) -> types.forEach((type,
				handler) -> handled.add(new HandledEvent(groupId, topic, type, handler.version(), handler.payloadType())))));
		return handled;
	}

	Map<String, Map<String, EventHandlerMethod>> handlers(String groupId) {
		return this.handlers.getOrDefault(groupId, Map.of());
	}

	/**
	 * Reads and checks one translator bean.
	 */
	private static final class TranslatorReader {

		private final Object bean;

		private final Class<?> userClass;

		private final EventTranslator translator;

		private final PropertyResolver placeholders;

		private final String defaultGroupId;

		private final JsonMapper jsonMapper;

		private final @Nullable PayloadValidator validator;

		TranslatorReader(Object bean, Class<?> userClass, EventTranslator translator, PropertyResolver placeholders,
				String defaultGroupId, JsonMapper jsonMapper, @Nullable PayloadValidator validator) {
			this.bean = bean;
			this.userClass = userClass;
			this.translator = translator;
			this.placeholders = placeholders;
			this.defaultGroupId = defaultGroupId;
			this.jsonMapper = jsonMapper;
			this.validator = validator;
		}

		void addTo(Map<String, Map<String, Map<String, EventHandlerMethod>>> handlers,
				Map<String, List<RewindHandler>> rewindHandlers) {
			String[] topics = topics();
			String groupId = groupId();
			for (Method method : RewindHandler.methods(this.userClass)) {
				if (method.getParameterCount() != 0) {
					throw invalid(EventHandlerMethod.describe(method), "an @OnRewind method takes no parameters");
				}
				rewindHandlers.computeIfAbsent(groupId, (g) -> new ArrayList<>())
					.add(new RewindHandler(this.bean, AopUtils.selectInvocableMethod(method, this.bean.getClass()),
							this.userClass.getName() + "#" + method.getName()));
			}
			HandlerDeclarations.checkTranslator(this.userClass);
			HandlerDeclarations.handlerMethods(this.userClass)
				.entrySet()
				.stream()
				.sorted(Map.Entry.comparingByKey((a, b) -> a.toGenericString().compareTo(b.toGenericString())))
				.forEach((entry) -> {
					Method method = entry.getKey();
					String description = EventHandlerMethod.describe(method);
					String type = entry.getValue().value();
					Method invocable = AopUtils.selectInvocableMethod(method, this.bean.getClass());
					EventHandlerMethod handler = new EventHandlerMethod(this.bean, invocable,
							this.userClass.getName() + "#" + description, this.jsonMapper, validator(method, description),
							entry.getValue().version(), entry.getValue().replay());
					for (String topic : topics) {
						Map<String, EventHandlerMethod> byType = handlers.computeIfAbsent(groupId, (g) -> new LinkedHashMap<>())
							.computeIfAbsent(topic, (t) -> new LinkedHashMap<>());
						EventHandlerMethod existing = byType.putIfAbsent(type, handler);
						if (existing != null) {
							throw invalid(description, "a second handler for topic '" + topic + "' and type '" + type
									+ "' in consumer group '" + groupId + "'; the first is " + existing.description());
						}
					}
				});
		}

		private @Nullable PayloadValidator validator(Method method, String description) {
			if (!EventHandlerMethod.wantsValidation(method)) {
				return null;
			}
			if (this.validator == null) {
				logger.warn("{}#{} asks for a valid payload, but there is no Bean Validation provider: not validating",
						this.userClass.getName(), description);
			}
			return this.validator;
		}

		private String[] topics() {
			String[] declared = this.translator.topics();
			if (declared.length == 0) {
				throw invalid(null, "@EventTranslator(topics = ...) must name at least one topic");
			}
			String[] topics = new String[declared.length];
			for (int i = 0; i < declared.length; i++) {
				String topic = this.placeholders.resolveRequiredPlaceholders(declared[i]).trim();
				if (topic.isEmpty()) {
					throw invalid(null, "@EventTranslator(topics = ...) contains a blank topic");
				}
				if (!LEGAL_TOPIC.matcher(topic).matches()) {
					throw invalid(null, "'" + topic + "' is not a legal Kafka topic name (up to 249 of a-z, A-Z, 0-9, '.', '_', '-')");
				}
				topics[i] = topic;
			}
			return topics;
		}

		private String groupId() {
			String groupId = this.placeholders.resolveRequiredPlaceholders(this.translator.groupId()).trim();
			return groupId.isEmpty() ? this.defaultGroupId : groupId;
		}

		private InvalidEventHandlerException invalid(@Nullable String method, String problem) {
			return new InvalidEventHandlerException(this.userClass.getName(), method, problem);
		}

	}

}
