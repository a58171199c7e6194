/**
 * Task queues: `defineTask` with typed `delay`/`enqueueIn`, the task message format (a
 * MEGA data object), `registerTasks` for listeners, `TaskWorker` for many queues, and the queue
 * selection (names, task names, comma lists, wildcards) the `sqs-mega worker` command uses.
 */
export { defineTask, isTask, type Task, type TaskArgs, type TaskOptions, type TaskOptionsWithArgs, type EnqueuedTask } from './define-task.js';
export { type TaskArgsSchema, type TaskArgsInput, type TaskArgsOutput, type InvalidArgsPolicy } from './task-args-schema.js';
export { taskContext, type TaskContext } from './task-context.js';
export { configureTasks, queueUrlOf, type ConfigureTasksOptions } from './task-client.js';
export { parseTaskMessage, type TaskMessage } from './task-message.js';
export { checkTaskName, queueNameForTask, queueNameFromArgument, MAX_QUEUE_NAME_LENGTH } from './task-name.js';
export {
  registerTasks,
  collectTasks,
  keepUnknownTasks,
  type KeepUnknownTasksOptions,
  type TaskSource,
  type TaskHost,
  type RegisterTasksOptions,
} from './register-tasks.js';
export { taskSubscriber, type TaskSubscriberOptions } from './task-subscriber.js';
export { readTaskQueueMessage, type TaskQueueMessage } from './task-queue-message.js';
export { TaskWorker, type TaskWorkerOptions } from './task-worker.js';
export {
  selectQueues,
  splitQueueArguments,
  listQueueUrls,
  QueueArgumentInvalidError,
  type SelectedQueue,
} from './queue-selection.js';
export {
  TaskNameInvalidError,
  TaskArgsNotJsonError,
  TaskArgsInvalidError,
  TaskArgsSchemaAsyncError,
  TaskDelayInvalidError,
  TaskDuplicateError,
  NoTasksError,
  TaskQueueNotFoundError,
  QueuePatternNoMatchError,
  TaskMessageInvalidError,
  TaskMessageForeignError,
  TaskUnknownError,
  TaskContextUnavailableError,
  QueueLookupFailedError,
  type ForeignMessageFormat,
} from './task-errors.js';
