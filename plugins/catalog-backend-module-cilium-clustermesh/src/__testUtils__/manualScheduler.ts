import {
  coreServices,
  createServiceFactory,
  SchedulerService,
  SchedulerServiceTaskFunction,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/**
 * A scheduler whose tasks run only when the test says so and whose `run`
 * resolves when the task is done, so a test never races the schedule.
 */
export function manualScheduler() {
  const tasks = new Map<
    string,
    {
      fn: SchedulerServiceTaskFunction;
      schedule: SchedulerServiceTaskScheduleDefinition;
    }
  >();
  const run = async (id: string) => {
    const task = tasks.get(id);
    if (!task) {
      throw new Error(`No task ${id}; scheduled: ${[...tasks.keys()]}`);
    }
    await task.fn(new AbortController().signal);
  };
  const service: SchedulerService = {
    async scheduleTask({ id, fn, ...schedule }) {
      tasks.set(id, { fn, schedule });
    },
    createScheduledTaskRunner(schedule) {
      return {
        run: async ({ id, fn }) => {
          tasks.set(id, { fn, schedule });
        },
      };
    },
    triggerTask: run,
    async cancelTask() {},
    async getScheduledTasks() {
      return [...tasks.keys()].map(id => ({
        id,
        scope: 'global' as const,
        settings: { version: 2 },
      }));
    },
  };
  return {
    factory: createServiceFactory({
      service: coreServices.scheduler,
      deps: {},
      factory: () => service,
    }),
    run,
    schedule: (id: string) => tasks.get(id)?.schedule,
  };
}
