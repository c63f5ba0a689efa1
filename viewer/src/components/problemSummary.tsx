import type { FieldIssues } from '../../../shared/errors.js';
import { useIssueText } from './ui.js';

/**
 * The problems of a refused form, next to its submit button: what to correct, each entry a
 * button that takes the focus to its field (the first field may be a screen's height away).
 */
export function ProblemSummary({ title, fields, labelOf, onPick }: { title: string; fields: FieldIssues; labelOf: (path: string) => string; onPick: (path: string) => void }) {
  const issueText = useIssueText();
  const paths = Object.keys(fields);
  if (paths.length === 0) return null;
  return (
    <div class="banner error problem-summary" role="alert" data-testid="problem-summary">
      <p>{title}</p>
      <ul>
        {paths.map((path) => (
          <li key={path}>
            <button type="button" class="link" onClick={() => onPick(path)}>
              {labelOf(path)}
            </button>
            : {issueText(fields[path])}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The first control of a form that is marked invalid, in the order of the page. */
export function firstInvalidControl(form: HTMLFormElement): HTMLElement | null {
  return form.querySelector<HTMLElement>('[aria-invalid="true"], fieldset.invalid input, .field.invalid input');
}
