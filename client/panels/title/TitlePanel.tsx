// The wall's title (its region's name on a district or street wall), the 演练 badge while a
// rehearsal runs, the playback banner while the wall plays back, and the hall clock.
import { PlaybackBanner } from '../../components/PlaybackBanner.tsx';
import { useRehearsalParts } from '../../components/RehearsalBanner.tsx';
import { WallClock } from '../../components/WallClock.tsx';

export function TitlePanel({ title }: { title: string }) {
  const rehearsal = useRehearsalParts();
  return (
    <header className="panel title-panel">
      <h1 data-testid="wall-title">{title}</h1>
      {rehearsal ? (
        <span className="rehearsal-badge" lang="zh-CN" data-testid="rehearsal-badge">
          <b>{rehearsal.what}</b>
          <small>{rehearsal.left}</small>
        </span>
      ) : null}
      <PlaybackBanner />
      <WallClock />
    </header>
  );
}
