import type { Project } from "nightshift/internal/discovery/types";
import { NightshiftError } from "nightshift/internal/errors";

/** Every subscription names a topic of the project, of the same kind (FIFO or standard) as the queue. */
export function validateSubscriptions(project: Project): void {
  const topics = new Map(project.topics.map((topic) => [topic.name, topic]));
  for (const queue of project.queues) {
    queue.subscriptions.forEach((subscription, index) => {
      const topic = topics.get(subscription.topic);
      if (!topic) {
        throw new NightshiftError(
          "E_UNKNOWN_TOPIC",
          `${queue.file}: subscribe[${index}] names the topic "${subscription.topic}", which is not in services/topic/; add services/topic/${subscription.topic}.ts or remove the subscription.`,
        );
      }
      if (topic.fifo !== queue.fifo) {
        const kind = (fifo: boolean) => (fifo ? "FIFO" : "standard");
        throw new NightshiftError(
          "E_BAD_OPTION",
          `${queue.file}: subscribe[${index}] subscribes this ${kind(queue.fifo)} queue to the ${kind(topic.fifo)} topic "${topic.name}" (${topic.file}); SNS delivers FIFO topics only to FIFO queues and standard topics only to standard queues. Make both FIFO or both standard.`,
        );
      }
    });
  }
}
